using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Support.Cases.Training;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextZhCn
{
    private static readonly string[] Hours = ["十二", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一"];

    private static readonly string[] Weekdays = ["日", "一", "二", "三", "四", "五", "六"];

    public string SpokenWhen(DateTime around)
    {
        var part = around.Hour switch
        {
            < 6 => "凌晨",
            < 12 => "上午",
            12 => "中午",
            < 18 => "下午",
            _ => "晚上",
        };
        var minutes = around.Minute switch
        {
            0 => "",
            15 => "一刻",
            30 => "半",
            _ => "三刻",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{around.Month}月{around.Day}日（星期{Weekdays[(int)around.DayOfWeek]}）{part}{Hours[around.Hour % 12]}点{minutes}左右");
    }

    public string MerchantWords(int variant, string amount, string when) => variant switch
    {
        1 => $"顾客{when}付了{amount}元，终端也打出了签购单，可是对账单上没有这笔钱。",
        2 => $"我{when}卖了{amount}元的东西，顾客说卡上已经扣款了，我这边一直没收到钱。",
        _ => $"我{when}收了一笔{amount}元，一直没到账。",
    };

    public string TrainingOpened(long caseId, string scenarioName, int seed, int pick, int breaks) =>
        $"培训案件 {caseId}（{scenarioName}，种子 {seed}，第 {pick} 个差错，共 {breaks} 个）。商户来电：";

    public IReadOnlyList<string> TrainingHowTo(string runDir, long caseId) =>
    [
        "按处理流程一步一步办理（每条命令都会提示下一步）：",
        $"  possim case search   --run {runDir} --case {caseId}",
        $"  possim case confirm  --run {runDir} --case {caseId} --rrn 参考号",
        $"  possim case diagnose --run {runDir} --case {caseId} --money 状态",
        $"  possim case contact  --run {runDir} --case {caseId} --path 方式 --by-date yyyy-MM-dd",
        $"  possim case apply    --run {runDir} --case {caseId}",
        $"  possim case submit   --run {runDir} --case {caseId}",
        $"  possim case review   --run {runDir} --case {caseId} --approve",
        $"possim trace --run {runDir} --rrn 参考号 可以查看交易的全过程。也可以在引导下逐步办理：",
        $"  possim case session  --run {runDir} --case {caseId} --lang zh-CN",
        $"办完后评分：possim case grade --run {runDir} --case {caseId} --lang zh-CN",
        $"答案在 {TrainingKey.PathIn(runDir)}：评分之前请不要打开。",
    ];

    public string GradeTitle(long caseId, int score, int outOf) => $"培训案件 {caseId}：{score}/{outOf} 分";

    public string Verdict(GradeVerdict verdict, CaseStage stage) => verdict switch
    {
        GradeVerdict.Completed => "已办结：完整按流程办理。",
        GradeVerdict.AwaitingProcessing => "已按流程办理，等待处理：退款已批准，下一步由后台划转资金。",
        GradeVerdict.Escalated => "已升级处理：案件已转交。",
        _ => $"未办完：案件停在「{Stage(stage)}」。",
    };

    public string StepTitle(GradedStep step) => step switch
    {
        GradedStep.Search => "查询交易记录",
        GradedStep.Confirm => "确认交易",
        GradedStep.Diagnose => "查明资金去向",
        GradedStep.Contact => "联系客户，商定处理方式",
        GradedStep.Apply => "填写退款申请",
        GradedStep.Finish => "提交审核，办结",
        GradedStep.Order => "办理顺序",
        _ => step.ToString(),
    };

    public string StepProcedure(GradedStep step) => step switch
    {
        GradedStep.Search => "流程要求：先确认收款确实未到账；确认是哪一笔之前，先查 POS 交易记录（possim case search）。",
        GradedStep.Confirm => "流程要求：确认商户说的是哪一笔消费：是该商户的、金额相符、时间与商户说的相近。",
        GradedStep.Diagnose => "流程要求：按交易记录说明资金现在在哪里；possim trace --rrn 参考号 可以查到。",
        GradedStep.Contact => "流程要求：向客户说明情况，商定从资金所在之处退回的方式；商户没收到的钱，不能从商户扣回。",
        GradedStep.Apply => "流程要求：退款申请要写明交易时间、应退金额和对方：原支付卡，补付商户时为商户。",
        GradedStep.Finish => "流程要求：提交审核；批准后由后台划转资金。只有流程解决不了的才升级处理。",
        GradedStep.Order => "流程要求：按顺序一步一步办理；每条命令都会提示下一步。",
        _ => step.ToString(),
    };

    public string NotReached => "（未办到这一步）";

    public string MistakeName(MistakeKind kind) => kind switch
    {
        MistakeKind.NotSearched => "没有先查交易记录",
        MistakeKind.WrongTransaction => "交易找错了",
        MistakeKind.WrongMoneyState => "资金去向说错了",
        MistakeKind.WrongWayBack => "处理方式不对",
        MistakeKind.WrongAmount => "金额不对",
        MistakeKind.WrongCounterparty => "退款对象不对",
        MistakeKind.WrongTransactionTime => "交易时间不对",
        MistakeKind.OutOfOrder => "办理顺序不对",
        MistakeKind.EscalatedNeedlessly => "能解决却升级处理",
        MistakeKind.NotFinished => "没有办完",
        _ => kind.ToString(),
    };

    public string Mistake(Mistake mistake, AnswerKey key)
    {
        ArgumentNullException.ThrowIfNull(mistake);
        ArgumentNullException.ThrowIfNull(key);
        var what = mistake switch
        {
            NotSearched => "没有查交易记录就确认了交易。",
            WrongTransaction m => $"你选的是终端 {m.TerminalId} 参考号 {m.Rrn}；商户说的是终端 {key.TerminalId} 参考号 {key.Rrn}（{key.TransactionTime:yyyy-MM-dd HH:mm:ss}，{TraceMoney.Amount(key.AmountMinor)}元）。",
            WrongMoneyState m => $"你说资金「{Money(m.Said)}」；交易记录显示「{Money(key.Money)}」。",
            WrongWayBack { Path: null } => $"持卡人已被扣款（{Money(key.Money)}），却想不退款直接结案。",
            WrongWayBack m => $"「{Path(m.Path!.Value)}」与资金现状「{Money(key.Money)}」不符；可以：{Ways(key)}。",
            WrongAmount m => $"申请金额是 {TraceMoney.Amount(m.GivenMinor)}元；应退 {TraceMoney.Amount(key.RefundableMinor)}元。",
            WrongCounterparty m => $"钱要退到 {m.Given}；应退回原支付卡 {key.Card}（只有补付商户时才是商户 {key.MerchantId}）。",
            WrongTransactionTime m => $"申请里的交易时间是 {m.Given:yyyy-MM-dd HH:mm:ss}；记录上是 {key.TransactionTime:yyyy-MM-dd HH:mm:ss}。",
            OutOfOrder m => $"案件处于「{Stage(m.Stage)}」时，你做了「{m.Step}」{(m.Times > 1 ? $"，另外还有 {m.Times - 1} 次不按顺序" : "")}。",
            EscalatedNeedlessly m => $"你在「{Stage(m.Stage)}」时把案件升级（「{m.Reason}」），但资金「{Money(key.Money)}」，可以退回：{Ways(key)}。",
            NotFinished m => $"案件停在「{Stage(m.Stage)}」。{NextStep(m.Stage, key.CaseId)}",
            _ => mistake.ToString(),
        };
        return $"{MistakeName(mistake.Kind)}：{what}";
    }

    public string CorrectedMistake => "系统拒绝了这一步，你随后改正了：扣一半分。";

    public string AnswerHeading => "答案";

    public string TheAnswer(AnswerKey key, string? fault, string? finding)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cause = (fault, finding) switch
        {
            (null, null) => "",
            (_, null) => $"差错原因：{fault}。",
            (null, _) => $"对账差错：{finding}。",
            _ => $"差错原因：{fault}（对账差错：{finding}）。",
        };
        return $"终端 {key.TerminalId} 参考号 {key.Rrn}，{key.TransactionTime:yyyy-MM-dd HH:mm:ss}，{TraceMoney.Amount(key.AmountMinor)}元，卡号 {key.Card}。" +
            $"资金{Money(key.Money)}。可行的处理方式：{Ways(key)}；应退 {TraceMoney.Amount(key.RefundableMinor)}元。{cause}";
    }

    public string Move(CaseMove move) => move switch
    {
        CaseMove.Search => "重新查询交易记录",
        CaseMove.Confirm => "确认商户说的是哪一笔交易",
        CaseMove.Diagnose => "说明资金去向",
        CaseMove.Contact => "记录与客户的沟通：处理方式和时间",
        CaseMove.Close => "结案：没有扣款",
        CaseMove.Apply => "填写（或修改）退款申请",
        CaseMove.Submit => "提交审核",
        CaseMove.Approve => "批准（审核人）",
        CaseMove.Reject => "驳回（审核人）",
        CaseMove.Escalate => "转交案件，附上证据",
        CaseMove.Show => "查看案件：投诉、处理记录、建议",
        CaseMove.Quit => "结束会话（案件保持现状）",
        _ => move.ToString(),
    };

    public string SessionPickCase => "处理哪个案件？";

    public string SessionNewCase => "新开案件";

    public string SessionAskMerchant => "商户号";

    public string SessionAskAround => "大约时间（yyyy-MM-dd HH:mm）";

    public string SessionAskAmount => "金额（350.00）";

    public string SessionAskWords => "商户的原话";

    public string SessionWhatNext => "下一步做什么？";

    public string SessionPickTransaction => "商户说的是哪一笔交易？";

    public string SessionOtherRrn => "其他参考号（手工输入）";

    public string SessionAskRrn => "参考号";

    public string SessionAskMoney => "资金现在在哪里？";

    public string SessionAskPath => "与客户商定的处理方式？";

    public string SessionAskByDate => "承诺办结日期（yyyy-MM-dd）";

    public string SessionAskNote => "沟通内容";

    public string SessionAskRefundAmount => "退款金额";

    public string SessionAskTime => "交易时间（yyyy-MM-dd HH:mm:ss）";

    public string SessionAskCounterparty => "退款对象（原支付卡；补付商户时为商户号）";

    public string SessionAskReason => "原因";

    public string SessionAskRejection => "驳回原因";

    public string SessionAskEscalation => "升级原因";

    public string DefaultRefundReason => "收款未到账";

    public IReadOnlyList<string> CandidateColumns => ["参考号", "终端", "时间", "金额", "卡号", "资金去向"];

    public string SessionNotAChoice(string answer) => $"「{answer}」不在选项中：请输入序号或名称。";

    public string SessionNotAnAmount(string answer) => $"「{answer}」不是金额：请用小数点，例如 350.00。";

    public string SessionNotAValue(string answer, string format) => $"「{answer}」的格式不对，应为 {format}。";

    public string SessionEnded(long caseId, CaseStage stage) => $"会话结束：案件 {caseId} 处于「{Stage(stage)}」。";

    public string SessionGradeHint(string runDir, long caseId) => $"评分：possim case grade --run {runDir} --case {caseId} --lang zh-CN";

    private string Ways(AnswerKey key) => key.WaysBack.Count == 0 ? "无，没有扣款" : string.Join("；或", key.WaysBack.Select(Path));
}
