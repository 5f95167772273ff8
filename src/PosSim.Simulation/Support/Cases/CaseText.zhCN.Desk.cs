using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextZhCn
{
    public string DeskTitle => "PosSim 客服工作台";

    public string DeskNavCases => "案件";

    public string DeskNavNewComplaint => "登记投诉";

    public string DeskNavSearch => "交易查询";

    public string DeskLanguageName => "简体中文";

    public string DeskRun(string scenario, string now) => $"模拟运行 {scenario} · 工作台时间 {now}";

    public string DeskQueueHeading => "案件队列";

    public string DeskFilter(DeskQueueFilter filter) => filter switch
    {
        DeskQueueFilter.Open => "处理中的",
        DeskQueueFilter.Review => "待审核",
        DeskQueueFilter.Processing => "办理中",
        DeskQueueFilter.Escalated => "已升级",
        DeskQueueFilter.Completed => "已办结",
        DeskQueueFilter.All => "全部",
        _ => filter.ToString(),
    };

    public string DeskNoCases => "这里没有案件。商户来电时，点「登记投诉」开一个。";

    public string DeskColumnCase => "案件";

    public string DeskColumnMerchant => "商户";

    public string DeskColumnComplaint => "投诉";

    public string DeskColumnStage => "进度";

    public string DeskColumnOpened => "登记时间";

    public string DeskColumnAge => "已历时";

    public string DeskColumnLastStep => "最近一步";

    public string DeskColumnCard => "卡号";

    public string DeskColumnMoney => "资金现状";

    public string DeskAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}天{age.Hours}小时"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours}小时{age.Minutes}分"
        : $"{Math.Max(0, (int)age.TotalMinutes)}分钟";

    public string DeskIntakeHeading => "登记投诉";

    public string DeskIntakeIntro => "记下商户说的情况：哪个商户、大约什么时间、多少钱，知道的话还有终端号。案件会按流程一步一步处理这笔投诉。";

    public string DeskFieldMerchant => "商户";

    public string DeskFieldTerminal => "终端";

    public string DeskFieldTerminalHint => "商户知道的话";

    public string DeskFieldTime => "大约时间（本次模拟的当地时间）";

    public string DeskFieldAmount => "金额";

    public string DeskFieldWords => "商户原话";

    public string DeskFieldBy => "经办人";

    public string DeskOpenCaseButton => "登记案件";

    public string DeskRequired(string field) => $"{field}：请填写。";

    public string DeskBadAmount(string field, string value) => $"{field}：「{value}」不是金额；请用小数点书写，例如 350.00。";

    public string DeskBadTime(string field, string value) => $"{field}：「{value}」不是时间；请写成 2026-03-02 14:02。";

    public string DeskBadDate(string field, string value) => $"{field}：「{value}」不是日期；请写成 2026-03-12。";

    public string DeskBadStan(string value) => $"流水号：「{value}」不是流水号；签购单上的流水号最多 6 位数字。";

    public string DeskBadCard(string value) => $"卡号：「{value}」不是记录中的卡号形式；请填卡号后 4 位，或掩码卡号（476173******0011）。";

    public string DeskUnknownMerchant(string merchantId) => $"商户：本次模拟中没有商户「{merchantId}」；请从列表中选择。";

    public string DeskUnknownTerminal(string terminalId, string merchantId) =>
        $"终端：「{terminalId}」不是商户 {merchantId} 在本次模拟中的终端；商户不知道终端号就空着。";

    public string DeskUnknownRrn(string rrn) => $"参考号：本次模拟中没有参考号为「{rrn}」的消费；请核对签购单上的号码。";

    public string DeskBadChoice(string field, string value) => $"{field}：「{value}」不在可选范围内。";

    public string DeskFormHasErrors => "没有做任何改动。请改正标出的内容后重新提交。";

    public string DeskSearchHeading => "交易查询";

    public string DeskSearchIntro => "查询交换系统的交易记录。请给出参考号、终端号或时间范围（只填一端时按一天计算）；金额、流水号和卡号用来缩小范围。";

    public string DeskFieldFrom => "开始时间";

    public string DeskFieldTo => "结束时间";

    public string DeskFieldMinAmount => "最低金额";

    public string DeskFieldMaxAmount => "最高金额";

    public string DeskFieldRrn => "参考号";

    public string DeskFieldStan => "流水号";

    public string DeskFieldCard => "卡号";

    public string DeskFieldCardHint => "后 4 位或掩码卡号";

    public string DeskSearchButton => "查询";

    public string DeskSearchNeedsAnchor => "请给出参考号、终端号或时间范围：交易记录太多，无法全部列出。";

    public string DeskSearchResults(int shown, bool more) => more ? $"本页 {shown} 笔，下一页还有：请缩小范围，或翻页。" : $"共 {shown} 笔交易。";

    public string DeskNoResults => "没有符合条件的交易。请放宽时间范围，或和商户核对号码。";

    public string DeskJourneyHeading => "交易经过";

    public string DeskCasesAboutIt => "相关案件";

    public string DeskComplainAboutIt => "就这笔交易登记投诉";

    public string DeskNoSuchTransaction(string terminalId, string rrn) => $"本次模拟中没有终端 {terminalId} 参考号 {rrn} 的交易。";

    public string DeskComplaintHeading => "投诉内容";

    public string DeskTransactionHeading => "交易";

    public string DeskOpenTransaction => "查看交易经过";

    public string DeskNextHeading => "下一步";

    public string DeskNextStep(CaseStage stage) => stage switch
    {
        CaseStage.Registered => "确认收款未到账：从交易记录中选出商户说的那一笔。",
        CaseStage.RecordsConfirmed => "根据交易经过，说明资金现在在哪里。",
        CaseStage.Diagnosed => "联系客户说明情况，商定处理方式和时间；没有扣款的直接结案。",
        CaseStage.CustomerContacted => "向支付机构填写退款申请，内容已按交易记录预填。",
        CaseStage.RefundAppliedFor => "提交审核，或先修改申请。",
        CaseStage.UnderReview => "审核人对照交易记录核查，批准，或写明原因驳回。",
        CaseStage.Processing => "后台办理资金划转；记录上看到款项到位后案件办结。",
        _ => "本案件没有待办事项。",
    };

    public string DeskConfirmButton => "就是这笔";

    public string DeskConfirmOtherHeading => "按签购单上的参考号指定其他交易";

    public string DeskDiagnoseHeading => "资金在哪里？";

    public string DeskFieldMoney => "资金现状";

    public string DeskChoose => "请选择…";

    public string DeskDiagnoseButton => "记录查明的原因";

    public string DeskContactHeading => "联系客户";

    public string DeskFieldPath => "处理方式";

    public string DeskFieldByDate => "承诺日期";

    public string DeskFieldNote => "沟通内容";

    public string DeskContactButton => "记录沟通结果";

    public string DeskCloseHeading => "没有扣款";

    public string DeskCloseButton => "不退款，直接结案";

    public string DeskApplyHeading => "退款申请";

    public string DeskAmendHeading => "修改申请";

    public string DeskFieldTransactionTime => "交易时间";

    public string DeskFieldCounterparty => "退款对象";

    public string DeskFieldReason => "原因";

    public string DeskApplyButton => "提交申请表";

    public string DeskSubmitButton => "提交审核";

    public string DeskReviewHeading => "审核";

    public string DeskReviewChecksPass => "对照当前交易记录，各项检查均通过。";

    public string DeskReviewProblems => "对照当前交易记录，批准将被拒绝：";

    public string DeskApproveButton => "批准";

    public string DeskRejectButton => "驳回";

    public string DeskRejections => "审核驳回记录";

    public string DeskProcessingWaiting => "已批准，尚未执行资金划转。";

    public string DeskCarryOutButton => "立即执行";

    public string DeskOutcomeHeading => "处理结果";

    public string DeskProof => "凭证";

    public string DeskFailure => "资金没有变动";

    public string DeskEscalateHeading => "升级处理";

    public string DeskEscalateButton => "连同证据升级处理";

    public string DeskEscalated(string reason) => $"已升级处理：{reason}";

    public string DeskAccepted(string step) => $"已完成：{step}。";

    public string DeskCarriedOut => "已带着批准的处理方式重新运行本次模拟；处理结果见下。";

    public string DeskColumnWhen => "时间";

    public string DeskColumnWho => "经办人";

    public string DeskColumnStep => "步骤";

    public string DeskColumnDetail => "内容";

    public string DeskNoSuchCase(long id) => $"本次模拟中没有案件 {id}。";

    public string DeskMerchantHeading(string merchantId) => $"商户 {merchantId}";

    public string DeskBalance => "结算账户余额";

    public string DeskPayouts => "划款";

    public string DeskStatement => "银行对账单";


    public string DeskPayoutStatus(string status) => status switch
    {
        "paid" => "已到账",
        "bounced" => "被银行退回",
        _ => status,
    };

    public string DeskColumnValueDate => "起息日";

    public string DeskColumnPayout => "划款批次";

    public string DeskColumnNet => "实收";

    public string DeskColumnTries => "划款次数";

    public string DeskNothing => "无。";

    public string DeskTokenMissing => "此工作台需要访问令牌：请先以 /?token=您的令牌 打开一次（即 possim desk --token 给出的令牌）。";

    public string DeskFilterAny => "全部";

    public string DeskColumnDiagnosis => "诊断：资金当时";

    public string DeskFilterOlder => "已受理超过（小时）";

    public string DeskFilterWords => "投诉内容包含";

    public string DeskFilterButton => "筛选";

    public string DeskFilterClear => "清除筛选";

    public string DeskBadHours(string value) => $"已受理超过：「{value}」不是小时数；请填整数，例如 24。";

    public string DeskFiltered(int shown, int of) => $"符合筛选条件的案件：{shown} / {of}。";

    public string DeskSearchPage(int page) => $"第 {page} 页";

    public string DeskPreviousPage => "« 上 200 笔";

    public string DeskNextPage => "下 200 笔 »";

    public string DeskBadPage(string value, int last) => $"页码：「{value}」不是结果的页码；页码从 1 到 {last}。";

    public string DeskEvidenceHeading => "证据包";

    public string DeskEvidenceDownload => "下载证据包（一个 HTML 文件：案件、交易记录、报文（卡号已遮蔽）、记账分录）";

    public string DeskEvidenceWritten(string path) => $"证据包已写入 {path}。";

    public string DeskNavTraining => "培训";

    public string DeskTrainingHeading => "培训";

    public string DeskTrainingIntro =>
        "在本次模拟上练习处理流程。「下一个投诉」会从本次模拟中选出一笔已从持卡人扣款、但商户始终没有收到的消费，" +
        "并以商户自己的话开立案件：没有参考号，也不说原因。像处理任何案件一样处理它，然后评分：流程每一部分的得分、遗漏或做错的地方，以及流程的要求。";

    public string DeskTrainingNextButton => "下一个投诉";

    public string DeskTrainingNone => "还没有培训案件。";

    public string DeskTrainingBanner => "培训案件：商户只说了他知道的情况。请查询、确认、诊断并处理到底；完成后评分。";

    public string DeskGradeButton => "完成并评分";

    public string DeskGradeHeading => "评分";

    public string DeskGradeWarning => "评分会显示答案。请在处理完案件后再评分。";

    public string DeskColumnScore => "得分";

    public string DeskColumnPart => "流程环节";

    public string DeskColumnFeedback => "反馈";

    public string DeskNotGraded => "尚未评分";

    public string DeskSearchRecordsIntro => "先查 POS 交易记录：查询该商户在那个时间前后、这个金额的消费。";

    public string DeskSearchRecordsButton => "查询交易记录";
}
