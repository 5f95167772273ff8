using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextZhCn : ICaseText
{
    public static readonly CaseTextZhCn Instance = new();

    public string Code => "zh-CN";

    public string AuditHeading => "处理记录";

    public string AdviceHeading => "预防措施";

    public string NoCandidates => "该商户在这个时间前后两小时内没有这个金额的消费记录。请和商户再核对一下金额和时间。";

    public string Refused => "不予受理";

    public string Processing => "正在执行已批准的退款：带着这笔处理重新运行本次模拟";

    public string NothingToProcess => "没有等待执行的已批准工单";

    public string Stage(CaseStage stage) => stage switch
    {
        CaseStage.Registered => "已登记投诉",
        CaseStage.RecordsConfirmed => "已核实交易记录",
        CaseStage.Diagnosed => "已查明原因",
        CaseStage.CustomerContacted => "已联系客户",
        CaseStage.RefundAppliedFor => "已填写退款申请",
        CaseStage.UnderReview => "审核中",
        CaseStage.Processing => "处理中",
        CaseStage.Completed => "已办结",
        CaseStage.Escalated => "已升级处理",
        _ => stage.ToString(),
    };

    public string Money(MoneyState money) => money switch
    {
        MoneyState.Declined => "交易被拒，资金没有变动",
        MoneyState.Reversed => "交易已冲正或撤销，发卡行已解冻，资金没有变动",
        MoneyState.HeldAtIssuer => "仍冻结在持卡人的发卡行：已授权，但没有送清算",
        MoneyState.ClearedNotSettled => "已清算，但还没有结算给商户",
        MoneyState.SettledPayoutPending => "已结算，划款在途，尚未到账",
        MoneyState.Paid => "已入账商户结算账户",
        MoneyState.PayoutBounced => "划款被商户开户行退回",
        _ => money.ToString(),
    };

    public string Path(ResolutionPath path) => path switch
    {
        ResolutionPath.ReleaseHold => "在发卡行解冻（发冲正通知，不送清算）",
        ResolutionPath.ReturnFromClearing => "从收单行清算账户退回持卡人（不扣商户的钱）",
        ResolutionPath.RefundFromMerchant => "正常退货（从商户结算款中扣回）",
        ResolutionPath.PayMerchantLate => "补付商户（补送清算、解除冻结或重新划款）",
        _ => path.ToString(),
    };

    public string Advice(PreventiveAdvice advice) => advice switch
    {
        PreventiveAdvice.TerminalChecks => "定期检查终端：每天日切前结算，留意终端显示失败的交易。",
        PreventiveAdvice.NetworkStability => "保持终端网络稳定：应答丢失正是持卡人资金被冻结的原因。",
        PreventiveAdvice.AccountSecurity => "保障结算账户安全、信息准确：账户冻结或账号有误，划款会被退回。",
        PreventiveAdvice.OperatingProcedure => "按规范操作：当天用撤销，隔天用退货，同一笔货款不要重复收款。",
        PreventiveAdvice.KeepInTouch => "与我们保持联系：款项迟迟未到请及时告诉我们，审查或延迟我们也会告知您。",
        _ => advice.ToString(),
    };

    public string Refusal(CaseRefusal refusal) => refusal.Reason switch
    {
        RefusalReason.OutOfOrder => $"现在还不能做这一步（{refusal.Detail}）：案件处于「{Stage(refusal.Expected ?? CaseStage.Registered)}」。",
        RefusalReason.CaseClosed => "案件已结束；商户再次来电请新开案件。",
        RefusalReason.TransactionNotFound => $"查无此笔消费（{refusal.Detail}）；请用 possim case search 列出候选交易。",
        RefusalReason.OtherMerchant => $"这笔消费属于其他商户（{refusal.Detail}）；请选择投诉商户的交易。",
        RefusalReason.TimeTooFarFromComplaint => $"这笔消费与商户说的时间相差超过两小时（{refusal.Detail}）；请和商户核对时间。",
        RefusalReason.AmountDiffersFromComplaint => $"这笔消费的金额与商户说的不符（{refusal.Detail}）。",
        RefusalReason.DiagnosisContradictsRecords => $"交易记录显示资金不在这里（{refusal.Detail}）；请先用 possim trace 查清资金去向。",
        RefusalReason.PathDisagreesWithMoney => $"这种处理方式与资金现状不符（{refusal.Detail}）；商户没收到的钱，不能从商户扣回。",
        RefusalReason.NothingWasTaken => "持卡人没有被扣款；请向客户说明，并用 possim case close 结案。",
        RefusalReason.MoneyWasTaken => "持卡人已被扣款；退回持卡人或补付商户之后才能结案。",
        RefusalReason.AmountNotPositive => "金额必须大于零。",
        RefusalReason.AmountOverRefundable => $"超过可退金额（{refusal.Detail}）；最多只能申请剩余可退的部分。",
        RefusalReason.OutsideRefundWindow => $"已超过商户协议约定的退货期限（{refusal.Detail}）；请升级处理。",
        RefusalReason.AlreadyRefunded => $"这笔交易已全额退货（{refusal.Detail}），没有可退的钱了。",
        RefusalReason.WrongCounterparty => $"退款只能退回原支付卡（{refusal.Detail}）。",
        RefusalReason.TransactionTimeMismatch => $"申请里的交易时间与记录不符（{refusal.Detail}）。",
        RefusalReason.ReasonMissing => "请填写原因。",
        RefusalReason.OutcomeDiffers => $"处理结果与审批不一致（{refusal.Detail}）。",
        _ => $"{refusal.Reason}（{refusal.Detail}）",
    };

    public string NextStep(CaseStage stage, long caseId) => stage switch
    {
        CaseStage.Registered => $"下一步：查找交易（possim case search --case {caseId}），确认是哪一笔（possim case confirm --case {caseId} --rrn 参考号）。",
        CaseStage.RecordsConfirmed => $"下一步：查明资金去向（possim case diagnose --case {caseId} --money 状态）；possim trace --rrn 可以看到。",
        CaseStage.Diagnosed => $"下一步：联系客户，商定处理方式和时间（possim case contact --case {caseId} --path 方式 --by-date 日期）；没有扣款的直接结案。",
        CaseStage.CustomerContacted => $"下一步：填写退款申请（possim case apply --case {caseId}），内容已按交易记录预填。",
        CaseStage.RefundAppliedFor => $"下一步：提交审核（possim case submit --case {caseId}），或再次 possim case apply 修改。",
        CaseStage.UnderReview => $"下一步：审核人批准或驳回（possim case review --case {caseId} --approve 或 --reject --reason 原因）。",
        CaseStage.Processing => "下一步：后台办理资金划转；账务上看到入账后案件办结。",
        _ => "本案件没有待办事项。",
    };

    public string CaseTitle(long id, CaseStage stage) => $"案件 {id}：{Stage(stage)}";

    public string Complaint(Complaint complaint) =>
        $"商户 {complaint.MerchantId}{(complaint.TerminalId is null ? "" : $"，终端 {complaint.TerminalId}")}，大约 {complaint.ApproximateTime:yyyy-MM-dd HH:mm}，{TraceMoney.Amount(complaint.AmountMinor)}元：「{complaint.Words}」";

    public string Transaction(TransactionFacts t, string money) =>
        $"参考号 {t.Rrn}，终端 {t.TerminalId}，{t.LocalTime:yyyy-MM-dd HH:mm:ss}，{TraceMoney.Amount(t.AmountMinor)}元，卡号 {t.PanMasked}：{money}";

    public string Application(RefundApplication application) =>
        $"退款申请：{application.TransactionTime:yyyy-MM-dd HH:mm:ss} 的交易，退 {TraceMoney.Amount(application.AmountMinor)}元 至 {application.Counterparty}，{Path(application.Path)}；原因：{application.Reason}";

    public string CandidatesHeading(int count) => $"符合条件的消费共 {count} 笔：";
}
