using PosSim.Simulation.Support;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// `possim trace` in Chinese, as a support agent at a Chinese acquirer says it to a merchant: 冲正 reversal,
/// 撤销 void, 退货 refund, 清算, 结算, 入账/到账, 差错, 参考号 RRN, 流水号 STAN. Written as said, not translated word for word.
/// </summary>
public sealed partial class CaseTextZhCn : ITraceText
{

    public string Time => "时间";

    public string Route => "环节";

    public string WhatHappened => "经过";

    public string MoneyNowHeading => "资金现状";

    public string TellMerchantHeading => "给商户的答复";

    public string NextStepsHeading => "下一步处理";

    public string FindingsHeading => "对账差错";

    public string Rrn => "参考号";

    public string Terminal => "终端";

    public string Stan => "流水号";

    public string Amount => "金额";

    public string Kind => "类型";

    public string Answer => "应答码";

    public string Candidates(int count) => $"符合条件的交易共 {count} 笔：";

    public string CandidatesHint => "请用 --rrn 参考号 查询其中一笔。";

    public string HopName(Hop hop) => hop switch
    {
        Hop.Terminal => "终端",
        Hop.Switch => "交换系统",
        Hop.Issuer => "发卡行",
        Hop.Clearing => "清算",
        Hop.Settlement => "结算",
        Hop.Payout => "划款",
        Hop.Bank => "开户行",
        Hop.Merchant => "商户",
        Hop.Support => "客服",
        _ => hop.ToString(),
    };

    public string KindName(string kind) => kind switch
    {
        "purchase" => "消费",
        "refund" => "退货",
        "void" => "撤销",
        "reversal" => "冲正",
        _ => kind,
    };

    public string Money(long minor, string currency) =>
        currency == "156" ? $"{TraceMoney.Amount(minor)}元" : $"{TraceMoney.Amount(minor)} {TraceMoney.CurrencyLetters(currency)}";

    public string ResponseMeaning(string code) => code switch
    {
        "00" => "交易成功",
        "05" => "不予承兑",
        "12" => "无效交易",
        "13" => "无效金额",
        "14" => "无效卡号",
        "25" => "找不到原交易",
        "30" => "报文格式错",
        "51" => "余额不足",
        "54" => "卡已过期",
        "55" => "密码错",
        "61" => "超出金额限制",
        "91" => "发卡行不能及时应答",
        "94" => "重复交易",
        "96" => "系统故障",
        _ => "交易失败",
    };

    public string Title(TranlogRow t) =>
        $"{KindName(t.Kind)} {Money(t.AmountMinor, t.Currency)}，参考号 {t.Rrn}，终端 {t.TerminalId} 流水号 {TraceMoney.Stan(t.Stan)}，" +
        $"商户 {t.MerchantId}，卡号 {t.PanMasked}，{TraceMoney.Time(t.LocalTime)}";

    public string Request(TranlogRow t) =>
        $"终端 {t.TerminalId} 发起{(t.Channel == "qr" ? "扫码" : "刷卡")}{KindName(t.Kind)} {Money(t.AmountMinor, t.Currency)}" +
        $"（流水号 {TraceMoney.Stan(t.Stan)}，卡号 {t.PanMasked}），系统参考号 {t.Rrn}。";

    public string IssuerApproved(TranlogRow t, AuthorizationRow auth) => auth.Kind == "refund"
        ? $"发卡行受理退货（授权码 {auth.AuthCode}），{Money(auth.AmountMinor, t.Currency)} 将退回持卡人卡上。"
        : $"发卡行批准交易（授权码 {auth.AuthCode}），冻结持卡人卡上 {Money(auth.AmountMinor, t.Currency)}。";

    public string IssuerTimedOut => "发卡行的应答没有在规定时间内回到交换系统，交易按超时处理。";

    public string IssuerDeclined(string code) => $"交易未获批准：应答码 {code}（{ResponseMeaning(code)}）。";

    public string IssuerLateAnswer(string code) => $"发卡行的应答 {code}（{ResponseMeaning(code)}）在交换系统超时之后才到。";

    public string SwitchAnswered(string code) => $"交换系统给终端返回 {code}（{ResponseMeaning(code)}）。";

    public string HoldReleased => "授权已冲正，发卡行已解除冻结，持卡人没有被扣款。";

    public string FollowUp(TranlogRow f) => f.Kind switch
    {
        "reversal" => $"终端发起冲正（参考号 {f.Rrn}），返回 {f.ResponseCode}（{ResponseMeaning(f.ResponseCode)}）。",
        "void" => $"终端发起撤销（参考号 {f.Rrn}），返回 {f.ResponseCode}（{ResponseMeaning(f.ResponseCode)}）。",
        "refund" => $"终端对这笔交易退货 {Money(f.AmountMinor, f.Currency)}（参考号 {f.Rrn}），返回 {f.ResponseCode}（{ResponseMeaning(f.ResponseCode)}）。",
        _ => $"终端发起{KindName(f.Kind)}（参考号 {f.Rrn}），返回 {f.ResponseCode}（{ResponseMeaning(f.ResponseCode)}）。",
    };

    public string Cleared(ClearingRow c, string currency) =>
        $"{c.ClearingDate} 日切后送清算，清算流水 {c.ClearingId}，金额 {Money(c.AmountMinor, currency)}。";

    public string NotCleared => "这笔交易没有送清算，钱没有划给商户。";

    public string Settled(SettlementRow s, string currency) =>
        $"已结算，计入划款批次 {s.PayoutId}：交易金额 {Money(s.GrossMinor, currency)}，扣手续费 {Money(s.FeeMinor, currency)}，" +
        $"商户实收 {Money(s.NetMinor, currency)}，入账日期 {s.ValueDate}。";

    public string SettledLate(string dueDate, string causes) => $"比约定的 {dueDate} 晚入账（原因：{causes}）。";

    public string NotSettled => "还没有划款批次包含这笔交易。";

    public string PayoutAttempt(PayoutAttemptRow a) => a.Accepted
        ? $"划款批次 {a.PayoutId}（第 {a.Attempt} 次）发往商户开户行，银行已受理。"
        : $"划款批次 {a.PayoutId}（第 {a.Attempt} 次）被商户开户行退回：{a.Outcome}。";

    public string Credited(StatementRow line, string currency) =>
        $"{Money(line.AmountMinor, currency)} 已到账商户结算账户（对账单流水 {line.StatementId}）。";

    public string Fault(string fault, string detail) => fault switch
    {
        "response-lost" => "交换系统的应答在途中丢失，终端没有收到，显示交易失败。",
        "reversal-lost" => "终端发出的冲正在途中丢失，交换系统没有收到。",
        "issuer-response-lost" => "发卡行已批准，但应答在途中丢失，没有回到交换系统。",
        "request-lost" => "终端的请求在途中丢失，交换系统没有收到。",
        "clearing-dropped" => "清算文件漏送了这笔交易。",
        "clearing-duplicated" => "这笔交易被重复送清算。",
        "clearing-altered" => "送清算的金额与授权金额不一致。",
        "payout-bounce" => "划款被商户开户行退回。",
        "risk-hold" => "商户处于风控审查中，资金暂缓结算。",
        "settlement-delayed" => "结算被延迟。",
        "cut-over-skew" => "后台日切时钟比交换系统快，当日清算提前完成，这笔交易没赶上当天的清算，顺延到下一日清算。",
        "switch-restart" => "交换系统宕机重启，这笔交易的处理中断。",
        _ => $"模拟故障（{fault}）：{detail}。",
    };

    public string MoneyDeclined(string code) => $"交易被拒（{code}，{ResponseMeaning(code)}），资金没有变动。";

    public string MoneyReversed => "交易已冲正，发卡行已解冻，资金没有变动。";

    public string MoneyHeld(string amount) => $"{amount} 仍冻结在持卡人的发卡行：交易已批准，但没有送清算。";

    public string MoneyClearedNotSettled(string clearingDate) => $"{clearingDate} 已清算，但还没有结算给商户。";

    public string MoneyPayoutPending(string payoutId, string valueDate) => $"已结算，计入划款批次 {payoutId}，应于 {valueDate} 到账，银行对账单上还没有。";

    public string MoneyPaid(string date, string net, string payoutId) => $"已于 {date} 入账商户结算账户，实收 {net}（划款批次 {payoutId}）。";

    public string MoneyBounced(string payoutId, string outcome) => $"划款批次 {payoutId} 被退回（{outcome}），钱暂存在收单行，等待重新划款。";

    public string TellDeclined(string code) => $"这笔交易没有成功（{ResponseMeaning(code)}），持卡人没有被扣款，请让顾客重新支付。";

    public string TellReversed => "这笔交易已经冲正，持卡人没有被扣款，也不会给您结算。";

    public string TellHeld(string amount) => $"这笔 {amount} 的交易已经授权成功，但还没有送清算；我们正在补送，下一次结算会给您入账。";

    public string TellClearedNotSettled => "这笔交易已经清算，但还没有结算给您，我们正在跟结算部门核实。";

    public string TellPayoutPending(string valueDate) => $"这笔钱已经结算，预计 {valueDate} 到账。";

    public string TellPaid(string date, string net, string fee, string statementId) =>
        $"这笔钱已于 {date} 入账，扣除手续费 {fee} 后实收 {net}，对应您对账单上的 {statementId}。";

    public string TellBounced(string outcome) => $"您的开户行把划款退回了（{outcome}），请核对结算账户信息，我们会重新划款。";

    public string TellAnswerLost => "终端上显示交易失败，但实际上交易已经成功，持卡人已被扣款；如果顾客又付了一次，请给其中一笔做退货。";

    public string Resolution(ResolutionRow s, string currency)
    {
        var amount = Money(s.AmountMinor, currency);
        if (!s.Done)
        {
            return $"差错工单 {s.CaseId} 尝试{WayBack(s.WayBack)}，但资金没有变动：{s.Failure}。";
        }

        return s.WayBack switch
        {
            "release-hold" => $"差错工单 {s.CaseId}：收单行发出冲正通知（参考号 {s.MessageRrn}），发卡行已解冻 {amount}，持卡人资金恢复可用，这笔交易不再清算。",
            "refund-from-merchant" => $"差错工单 {s.CaseId}：商户在终端上做了退货 {amount}（退货参考号 {s.MessageRrn}）{(s.PayoutId is null ? "" : $"，从结算款 {s.PayoutId} 中扣回")}。",
            "return-from-clearing" => $"差错工单 {s.CaseId}：{amount} 从收单行清算账户退回持卡人（退货参考号 {s.MessageRrn}）；商户未收到这笔钱，不扣商户款。",
            _ => $"差错工单 {s.CaseId}：已补付商户{(s.PayoutId is null ? "" : $"，结算款 {s.PayoutId} 已到账")}。",
        };
    }

    public string NextResolved(long caseId) => $"无需处理：差错工单 {caseId} 已处理完毕，凭证见 `possim case show --case {caseId}`。";

    private static string WayBack(string wayBack) => wayBack switch
    {
        "release-hold" => "解除发卡行冻结",
        "refund-from-merchant" => "由商户退货",
        "return-from-clearing" => "从清算账户退款",
        _ => "补付商户",
    };

    public string NothingToDo => "无需处理：账务一致。";

    public string NextHeld(string authCode) => $"在卡上冻结到期之前，把这笔交易补送清算（授权码 {authCode}）。";

    public string NextClearedNotSettled => "凭清算流水号向结算部门查询为什么没有划款。";

    public string NextPayoutPending(string valueDate) => $"等到入账日期 {valueDate}；到期仍未到账的，请银行提供划款查询结果。";

    public string NextBounced => "请商户到开户行处理结算账户问题，然后重新划款。";

    public string ExceptionAdvice(string kind) => kind switch
    {
        "approved-not-cleared" => "核实清算文件确实漏了这笔，补送清算。",
        "cleared-without-approval" => "持卡人可能提出争议：撤回这笔清算。",
        "cleared-after-reversal" => "交易已冲正却仍送了清算，持卡人可能被重复扣款：撤回这笔清算。",
        "duplicate-clearing" => "撤回多送的清算记录。",
        "clearing-amount-mismatch" => "按授权金额更正清算记录。",
        "cleared-not-settled" => "向结算部门查询何时划款，保留凭证。",
        "fee-mismatch" => "退还多收的手续费，核对商户费率。",
        "duplicate-settlement" => "提醒商户：多划的款项会被扣回。",
        "settled-late" => "向商户解释延迟原因（风控审查、节假日、银行窗口），并确认不会再发生。",
        "payout-missing" => "请银行和结算部门提供划款查询结果。",
        "payout-amount-mismatch" => "请银行提供这笔入账的明细。",
        "payout-unknown" => "在商户动用这笔钱之前，先向银行问清这条对账单流水。",
        "refund-without-original" => "核实退货是否正常，疑似欺诈的上报风控。",
        "refund-exceeds-original" => "向持卡人的发卡行追回多退的金额。",
        "batch-out-of-balance" => "检查终端是否有离线交易或丢失的冲正，让商户重新结算批次。",
        _ => "差错类型说明见 docs/reconciliation.md。",
    };

    public string Finding(ExceptionRow f, string currency)
    {
        var name = f.Kind switch
        {
            "approved-not-cleared" => "已授权未清算",
            "cleared-without-approval" => "无授权清算",
            "cleared-after-reversal" => "冲正后仍清算",
            "duplicate-clearing" => "重复清算",
            "clearing-amount-mismatch" => "清算金额不符",
            "cleared-not-settled" => "已清算未结算",
            "fee-mismatch" => "手续费不符",
            "duplicate-settlement" => "重复结算",
            "settled-late" => "结算延迟",
            "payout-missing" => "划款未到账",
            "payout-amount-mismatch" => "到账金额不符",
            "payout-unknown" => "不明入账",
            "refund-without-original" => "退货无原交易",
            "refund-exceeds-original" => "退货超原交易金额",
            "batch-out-of-balance" => "批结算不平",
            _ => f.Kind,
        };
        var amounts = f.ExpectedMinor is { } expected && f.ActualMinor is { } actual
            ? $"：应为 {Money(expected, currency)}，实际 {Money(actual, currency)}"
            : "";
        return $"差错「{name}」（{f.Kind}，{f.BusinessDate}）{amounts}。";
    }
}
