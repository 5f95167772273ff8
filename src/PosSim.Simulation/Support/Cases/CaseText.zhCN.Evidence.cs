using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>证据材料的中文：写给收单机构法务、仲裁方看的，按国内收单行业的说法（撤销、冲正、退货、清算、结算、入账、到账、差错）。</summary>
public sealed partial class CaseTextZhCn
{
    public string EvidenceTitle(long caseId) => $"案件 {caseId} 证据材料";

    public string EvidenceIntro =>
        "本材料汇总收单机构记录中与本案件有关的全部信息：商户投诉及客服处理经过、交易全流程、交易报文、账务流水，" +
        "以及资金从清算、结算到入账商户的情况。卡号均已屏蔽，时间均为收单机构当地时间。";

    public string EvidenceWritten(string path) => $"证据材料已生成：{path}";

    public string EscalatedNotice(string at, string actor, string reason) => $"已于 {at} 由 {actor} 升级处理。原因：{reason}";

    public string NotEscalatedNotice(CaseStage stage) =>
        $"本案件尚未升级处理，目前处于「{Stage(stage)}」阶段。以下为案件的当前情况。";

    public string EvidenceFooter(string scenario, string seed, string generatedAt, bool escalated) =>
        $"PosSim 模拟运行，场景 {scenario}，随机种子 {seed}。本材料按运行时间 {generatedAt}（{(escalated ? "升级处理时" : "案件最近一步操作时")}）生成：" +
        "同一次运行的同一个案件，生成的文件逐字节相同。";

    public string SectionCase => "案件概况";

    public string SectionJourney => "交易全流程";

    public string SectionMessages => "交易报文";

    public string SectionPostings => "账务流水";

    public string SectionMoney => "清算与结算";

    public string SectionFindings => "差错与故障";

    public string ComplaintHeading => "商户投诉";

    public string MerchantHeading => "商户协议";

    public string TransactionHeading => "核实的交易";

    public string DiagnosisHeading => "原因分析：资金去向";

    public string ContactHeading => "联系客户记录";

    public string ApplicationsHeading => "退款申请";

    public string ReviewHeading => "审核与处理结果";

    public string ResolutionsHeading => "处理执行记录";

    public string EscalationHeading => "升级处理";

    public string SwitchLogHeading => "交换系统交易日志";

    public string WireHeading => "终端线路上的报文";

    public string HoldsHeading => "发卡行授权及冻结";

    public string TransfersHeading => "账务流水";

    public string AccountsHeading => "涉及的账户";

    public string ClearingHeading => "清算";

    public string SettlementHeading => "结算";

    public string PayoutsHeading => "划款";

    public string AttemptsHeading => "划款发送记录";

    public string StatementHeading => "商户银行对账单";

    public string MatcherHeading => "对账差错";

    public string FaultsHeading => "注入的故障（实际原因）";

    public string IncidentsHeading => "异常事件";

    public string SwitchLogNote =>
        "交换系统每收到终端的一笔请求记一行，并列出终端收到的应答。报文类型由交易类型和应答推出：" +
        "消费、退货、撤销为 0200/0210，冲正为 0400/0410；办理案件时后台为解冻发出的冲正通知为 0420/0430。";

    public string WireNote =>
        "终端线路上所有带有上表某笔请求的流水号和传输时间、或以其为原交易的报文，按发出时的原样列出，途中丢失的也在内。" +
        "各域的值与报文一致，卡号已屏蔽。";

    public string TransfersNote =>
        "账户一律以贷方为正：贷记使余额增加。冻结是在卡上预留资金，扣款是实际划转，解冻是释放冻结。" +
        "手续费和划款流水针对整个划款批次，本笔交易只是其中一笔。";

    public string FaultsNote => "模拟场景对本笔交易、其后续交易或其划款注入的故障，也就是实际出错的环节，可据此核对对账差错。";

    public string NoneOnRecord => "无记录。";

    public string NotGiven => "未提供";

    public string NoTransactionYet => "本案件尚未核实交易：还没有查询交易记录。";

    public string NotDiagnosedYet => "尚未查明原因。";

    public string NoFinding => "无";

    public string NotContactedYet => "尚未联系客户。";

    public string NoApplication => "尚未填写退款申请。";

    public string NoReview => "尚未提交审核。";

    public string NoResolution => "这笔交易没有执行过退款、解冻或补付。";

    public string EventsMissing => "运行目录中没有 events.ndjson，报文只能以上面的交换系统日志为准。";

    public string NoWireMessages => "events.ndjson 中没有这笔交易的报文。";

    public string NoHolds => "发卡行没有批准这笔交易，没有冻结。";

    public string NoPostings => "没有涉及这笔交易的账务流水。";

    public string PackNotCleared => "未送清算。";

    public string PackNotSettled => "没有划款批次包含这笔交易。";

    public string NoPayouts => "无划款。";

    public string NotOnStatement => "商户银行对账单上没有相应的入账。";

    public string NoFindings => "对账未发现差错。";

    public string NoFaults => "没有对这笔交易注入故障。";

    public string NoIncidents => "无异常事件。";

    public string LabelStage => "阶段";

    public string LabelMerchant => "商户";

    public string LabelTerminal => "终端";

    public string LabelApproximateTime => "大约时间";

    public string LabelAmount => "金额";

    public string LabelRegistered => "登记";

    public string LabelSettlementAccount => "结算账户";

    public string LabelFees => "手续费率";

    public string LabelSettleDays => "结算周期";

    public string LabelRrn => "参考号";

    public string LabelStan => "流水号";

    public string LabelTime => "时间";

    public string LabelBusinessDate => "业务日期";

    public string LabelCard => "卡号";

    public string LabelAnswer => "应答码";

    public string LabelApprovalCode => "授权码";

    public string LabelConfirmed => "核实";

    public string LabelMoney => "资金现状";

    public string LabelFinding => "对账差错";

    public string LabelDiagnosed => "查明";

    public string LabelWhen => "时间";

    public string LabelBy => "经办人";

    public string LabelWayBack => "处理方式";

    public string LabelPromisedBy => "承诺日期";

    public string LabelNote => "备注";

    public string LabelTransactionTime => "交易时间";

    public string LabelCounterparty => "收款方";

    public string LabelReason => "原因";

    public string LabelDecision => "结果";

    public string LabelStep => "操作";

    public string LabelStageBefore => "操作前阶段";

    public string LabelStageAfter => "操作后阶段";

    public string LabelValues => "内容";

    public string LabelGeneratedAt => "生成时间（运行时间）";

    public string LabelScenario => "场景";

    public string LabelSeed => "随机种子";

    public string LabelMessages => "报文类型";

    public string LabelKind => "类型";

    public string LabelProcessingCode => "交易处理码";

    public string LabelTransmission => "传输时间（第 7 域）";

    public string LabelOriginalRrn => "原参考号";

    public string LabelSwitchStatus => "交换系统状态";

    public string LabelField => "域";

    public string LabelFieldName => "域名";

    public string LabelValue => "值";

    public string LabelHoldId => "冻结编号";

    public string LabelStatus => "状态";

    public string LabelSeq => "序号";

    public string LabelAppliedAt => "记账时间";

    public string LabelDebit => "借方";

    public string LabelCredit => "贷方";

    public string LabelTransferId => "流水编号";

    public string LabelResolvesHold => "对应冻结";

    public string LabelPayout => "划款批次";

    public string LabelAccountId => "账户";

    public string LabelName => "名称";

    public string LabelLedger => "账簿";

    public string LabelFlags => "标志";

    public string LabelClearingId => "清算流水号";

    public string LabelClearingDate => "清算日期";

    public string LabelChannel => "渠道";

    public string LabelGross => "交易金额";

    public string LabelFee => "手续费";

    public string LabelNet => "实收";

    public string LabelValueDate => "入账日期";

    public string LabelDueDate => "应入账日期";

    public string LabelLateCauses => "延迟原因";

    public string LabelFirstValueDate => "首次入账日期";

    public string LabelAttempts => "发送次数";

    public string LabelRows => "笔数";

    public string LabelStatementLine => "对账单流水";

    public string LabelAttempt => "第几次";

    public string LabelDate => "日期";

    public string LabelAccepted => "开户行接收";

    public string LabelOutcome => "结果";

    public string LabelExpected => "应为";

    public string LabelActual => "实际";

    public string LabelDetail => "明细（原始记录）";

    public string LabelWhatToDo => "处理建议";

    public string LabelFault => "故障";

    public string LabelWhatItDid => "影响";

    public string LabelExpectedFinding => "应产生的差错";

    public string LabelCase => "案件";

    public string LabelCarriedOutAt => "执行时间";

    public string LabelMessageRrn => "报文参考号";

    public string LabelProof => "凭证";

    public string LabelFailure => "未办成原因";

    public string ByAt(string actor, string at) => $"{actor}，{at}";

    public string Fees(string card, string qr) => $"刷卡 {card}，扫码 {qr}";

    public string SettleDays(long days, long fallbackDays) =>
        days == 0 ? $"实时到账（D0），超出时段或额度的按 T+{fallbackDays}" : $"T+{days}";

    public string Approved => "审核批准";

    public string Rejected => "审核驳回";

    public string Submitted => "提交审核";

    public string ClosedWithoutRefund => "未退款结案";

    public string Resolution(bool done) => done ? "已办理" : "办理失败";

    public string ResolutionDetail(string path, string amount, string proof, string? failure) =>
        $"{amount}，{path}" + (proof.Length > 0 ? $"；凭证 {proof}" : "") + (failure is null ? "" : $"；失败原因：{failure}");

    public string ApprovedCommand(string path, string amount, string counterparty) =>
        $"已批准，交后台办理：{amount}，收款方 {counterparty}，{path}。";

    public string StepName(string action) => action switch
    {
        "open" => "登记投诉",
        "confirm-records" => "核实交易记录",
        "diagnose" => "查明原因",
        "contact-customer" => "联系客户",
        "close-without-refund" => "未退款结案",
        "apply-for-refund" => "填写退款申请",
        "submit-for-review" => "提交审核",
        "approve" => "审核批准",
        "reject" => "审核驳回",
        "resolution" => "报告处理结果",
        "escalate" => "升级处理",
        _ => action,
    };

    public string Party(string party) => party switch
    {
        "terminal" => "终端",
        "switch" => "交换系统",
        _ => party,
    };

    public string MessageType(string mti) => mti switch
    {
        "0100" => "授权请求",
        "0110" => "授权应答",
        "0200" => "金融交易请求",
        "0210" => "金融交易应答",
        "0220" => "交易通知",
        "0230" => "交易通知应答",
        "0400" => "冲正请求",
        "0401" => "冲正请求（重发）",
        "0410" => "冲正应答",
        "0420" => "冲正通知",
        "0421" => "冲正通知（重发）",
        "0430" => "冲正通知应答",
        "0500" => "批结算",
        "0510" => "批结算应答",
        "0800" => "网络管理请求",
        "0810" => "网络管理应答",
        _ => "",
    };

    public string FieldName(int field) => field switch
    {
        2 => "主账号（已屏蔽）",
        3 => "交易处理码",
        4 => "交易金额",
        7 => "传输日期时间",
        11 => "系统跟踪号（流水号）",
        12 => "受卡方所在地时间",
        13 => "受卡方所在地日期",
        14 => "卡有效期",
        22 => "服务点输入方式",
        25 => "服务点条件码",
        35 => "二磁道数据（已屏蔽）",
        37 => "检索参考号",
        38 => "授权码",
        39 => "应答码",
        41 => "终端号",
        42 => "商户号",
        49 => "交易货币代码",
        90 => "原始数据元",
        _ => "",
    };

    public string Lost => "途中丢失";

    public string SwitchStatus(string status) => status switch
    {
        "Answered" => "已应答",
        "TimedOut" => "发卡行超时（终端收到 91）",
        "InFlight" => "未应答",
        _ => status,
    };

    public string LateAnswer(string code, string meaning) => $"发卡行迟到的应答：{code}（{meaning}）";

    public string HoldStatus(string status) => status switch
    {
        "held" => "冻结中（待清算）",
        "released" => "已解冻",
        "posted" => "已扣款（已清算）",
        _ => status,
    };

    public string LedgerKind(string kind) => kind switch
    {
        "hold" => "冻结",
        "post" => "扣款",
        "void" => "解冻",
        "clearing" => "清算",
        "clearing-refund" => "退货清算",
        "fee" => "手续费",
        "payout" => "划款",
        "payout-debit" => "扣回商户",
        "funding" => "注资",
        "transfer" => "转账",
        _ => kind,
    };

    public string LedgerStatus(string status) => status switch
    {
        "posted" => "已记账",
        "pending" => "冻结中",
        "voided" => "已解冻",
        "expired" => "已过期",
        _ => status,
    };

    public string PayoutStatus(string status) => status switch
    {
        "paid" => "已到账",
        "bounced" => "被退回",
        _ => status,
    };

    public string Channel(string channel) => channel switch
    {
        "card" => "刷卡",
        "qr" => "扫码",
        _ => channel,
    };

    public string Yes => "是";

    public string No => "否";
}
