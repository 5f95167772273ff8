using PosSim.Simulation.Support;

namespace PosSim.Simulation.Support.Cases;

/// <summary>`possim trace` in English: plain sentences a support agent can read out to a merchant.</summary>
public sealed partial class CaseTextEn : ITraceText
{

    public string Time => "Time";

    public string Route => "Hop";

    public string WhatHappened => "What happened";

    public string MoneyNowHeading => "Where the money is now";

    public string TellMerchantHeading => "What to tell the merchant";

    public string NextStepsHeading => "What to do next";

    public string FindingsHeading => "Reconciliation findings";

    public string Rrn => "RRN";

    public string Terminal => "Terminal";

    public string Stan => "STAN";

    public string Amount => "Amount";

    public string Kind => "Kind";

    public string Answer => "Answer";

    public string Candidates(int count) => $"{count} transactions fit:";

    public string CandidatesHint => "Trace one of them with --rrn RRN.";

    public string HopName(Hop hop) => hop switch
    {
        Hop.Terminal => "terminal",
        Hop.Switch => "switch",
        Hop.Issuer => "issuer",
        Hop.Clearing => "clearing",
        Hop.Settlement => "settlement",
        Hop.Payout => "payout",
        Hop.Bank => "bank",
        Hop.Merchant => "merchant",
        Hop.Support => "support",
        _ => hop.ToString(),
    };

    public string KindName(string kind) => kind;

    public string Money(long minor, string currency) => $"{TraceMoney.CurrencyLetters(currency)} {TraceMoney.Amount(minor)}";

    public string ResponseMeaning(string code) => code switch
    {
        "00" => "approved",
        "05" => "do not honour",
        "12" => "invalid transaction",
        "13" => "invalid amount",
        "14" => "invalid card number",
        "25" => "original not found",
        "30" => "format error",
        "51" => "insufficient funds",
        "54" => "expired card",
        "55" => "wrong PIN",
        "61" => "over the amount limit",
        "91" => "issuer unavailable",
        "94" => "duplicate",
        "96" => "system malfunction",
        _ => "declined",
    };

    public string Title(TranlogRow t) =>
        $"{KindName(t.Kind)} of {Money(t.AmountMinor, t.Currency)}, RRN {t.Rrn}, terminal {t.TerminalId} STAN {TraceMoney.Stan(t.Stan)}, " +
        $"merchant {t.MerchantId}, card {t.PanMasked}, {TraceMoney.Time(t.LocalTime)}";

    public string Request(TranlogRow t) =>
        $"Terminal {t.TerminalId} sent a {t.Channel} {KindName(t.Kind)} of {Money(t.AmountMinor, t.Currency)} (STAN {TraceMoney.Stan(t.Stan)}, " +
        $"card {t.PanMasked}); the switch logged it as RRN {t.Rrn}.";

    public string IssuerApproved(TranlogRow t, AuthorizationRow auth) => auth.Kind == "refund"
        ? $"The issuer accepted the refund (approval code {auth.AuthCode}): {Money(auth.AmountMinor, t.Currency)} is promised back to the card."
        : $"The issuer approved it (approval code {auth.AuthCode}) and put a hold of {Money(auth.AmountMinor, t.Currency)} on the cardholder's card.";

    public string IssuerTimedOut => "The issuer's answer did not reach the switch in time.";

    public string IssuerDeclined(string code) => $"It was not approved: {code} ({ResponseMeaning(code)}).";

    public string IssuerLateAnswer(string code) => $"The issuer's answer {code} ({ResponseMeaning(code)}) arrived after the switch had given up.";

    public string SwitchAnswered(string code) => $"The switch answered {code} ({ResponseMeaning(code)}) to the terminal.";

    public string HoldReleased => "The approval was cancelled and the issuer released the hold: the cardholder was not charged.";

    public string FollowUp(TranlogRow f) => f.Kind switch
    {
        "reversal" => $"The terminal sent a reversal (RRN {f.Rrn}); the switch answered {f.ResponseCode} ({ResponseMeaning(f.ResponseCode)}).",
        "void" => $"The terminal voided the sale (RRN {f.Rrn}); the switch answered {f.ResponseCode} ({ResponseMeaning(f.ResponseCode)}).",
        "refund" => $"The terminal refunded {Money(f.AmountMinor, f.Currency)} of it (RRN {f.Rrn}); the switch answered {f.ResponseCode} ({ResponseMeaning(f.ResponseCode)}).",
        _ => $"The terminal sent a {f.Kind} (RRN {f.Rrn}); the switch answered {f.ResponseCode} ({ResponseMeaning(f.ResponseCode)}).",
    };

    public string Cleared(ClearingRow c, string currency) =>
        $"Presented for clearing as {c.ClearingId} for {Money(c.AmountMinor, currency)} at the cut-over of {c.ClearingDate}.";

    public string NotCleared => "It was never presented for clearing, so no money moved to the merchant.";

    public string Settled(SettlementRow s, string currency) =>
        $"Settled in payout {s.PayoutId}: {Money(s.GrossMinor, currency)} less a fee of {Money(s.FeeMinor, currency)} " +
        $"is {Money(s.NetMinor, currency)} for the merchant, value date {s.ValueDate}.";

    public string SettledLate(string dueDate, string causes) => $"That is later than the {dueDate} promised ({causes}).";

    public string NotSettled => "No payout carries it yet.";

    public string PayoutAttempt(PayoutAttemptRow a) => a.Accepted
        ? $"Payout {a.PayoutId} (try {a.Attempt}) was sent to the merchant's bank, which accepted it."
        : $"Payout {a.PayoutId} (try {a.Attempt}) came back from the merchant's bank: {a.Outcome}.";

    public string Credited(StatementRow line, string currency) =>
        $"The merchant's bank credited {Money(line.AmountMinor, currency)} for the payout (statement line {line.StatementId}).";

    public string Fault(string fault, string detail) => $"Fault injected ({fault}): {detail}.";

    public string MoneyDeclined(string code) => $"Declined ({code}, {ResponseMeaning(code)}): nothing moved.";

    public string MoneyReversed => "Reversed: the hold on the card was released and nothing moved.";

    public string MoneyHeld(string amount) => $"Still a hold of {amount} on the cardholder's card at the issuer: approved but never presented for clearing.";

    public string MoneyClearedNotSettled(string clearingDate) => $"Cleared on {clearingDate} but not settled: no payout carries it.";

    public string MoneyPayoutPending(string payoutId, string valueDate) => $"Settled in payout {payoutId}, due {valueDate}; not on the bank statement yet.";

    public string MoneyPaid(string date, string net, string payoutId) => $"Paid: {net} reached the merchant's account on {date} (payout {payoutId}).";

    public string MoneyBounced(string payoutId, string outcome) => $"Payout {payoutId} bounced ({outcome}); the acquirer holds the money until it is paid again.";

    public string TellDeclined(string code) =>
        $"The payment was declined ({ResponseMeaning(code)}), the card was not charged and nothing is owed; the customer can pay again.";

    public string TellReversed => "The payment was cancelled: the card was not charged and nothing will be paid for it.";

    public string TellHeld(string amount) =>
        $"The card was approved for {amount}, but we have not yet collected the money; we are sending it for clearing and you will be paid on the next settlement.";

    public string TellClearedNotSettled => "We collected the money but it has not been paid to you yet; we are checking with settlement.";

    public string TellPayoutPending(string valueDate) => $"It is in your payout due on {valueDate}.";

    public string TellPaid(string date, string net, string fee, string statementId) =>
        $"It was paid into your account on {date}: {net} after a fee of {fee}, in the credit {statementId} on your statement.";

    public string TellBounced(string outcome) =>
        $"Your bank sent the payout back ({outcome}); please check your settlement account details, and we will pay it again.";

    public string TellAnswerLost =>
        "Your terminal showed this payment as failed, but it went through and the card was charged: if the customer paid again, refund one of the two.";

    public string Resolution(ResolutionRow s, string currency)
    {
        var amount = Money(s.AmountMinor, currency);
        if (!s.Done)
        {
            return $"Support case {s.CaseId} tried to {WayBack(s.WayBack)}, but no money moved: {s.Failure}.";
        }

        return s.WayBack switch
        {
            "release-hold" => $"Support case {s.CaseId} released the issuer's hold of {amount} with a reversal advice (RRN {s.MessageRrn}): the cardholder's money is free again and nothing will be cleared.",
            "refund-from-merchant" => $"Support case {s.CaseId}: the merchant refunded {amount} on the terminal (refund RRN {s.MessageRrn}){(s.PayoutId is null ? "" : $", taken from payout {s.PayoutId}")}.",
            "return-from-clearing" => $"Support case {s.CaseId}: {amount} went back to the card from the acquirer's clearing account (refund RRN {s.MessageRrn}); the merchant, who never received it, was not debited.",
            _ => $"Support case {s.CaseId}: the merchant was paid late{(s.PayoutId is null ? "" : $" in payout {s.PayoutId}")}.",
        };
    }

    public string NextResolved(long caseId) => $"Nothing: support case {caseId} resolved it; `possim case show --case {caseId}` has the proof.";

    private static string WayBack(string wayBack) => wayBack switch
    {
        "release-hold" => "release the hold",
        "refund-from-merchant" => "refund from the merchant",
        "return-from-clearing" => "return the money from clearing",
        _ => "pay the merchant late",
    };

    public string NothingToDo => "Nothing to fix: the books are straight.";

    public string NextHeld(string authCode) => $"Present the sale late for clearing (approval code {authCode}) before the hold on the card expires.";

    public string NextClearedNotSettled => "Ask settlement why no payout carries it, with the clearing id.";

    public string NextPayoutPending(string valueDate) => $"Wait for the value date {valueDate}; if the money is not there by then, ask the bank for the payment trace.";

    public string NextBounced => "Have the merchant fix the settlement account at their bank, then re-issue the payout.";

    public string ExceptionAdvice(string kind) => kind switch
    {
        "approved-not-cleared" => "Confirm it is missing from clearing and present it late.",
        "cleared-without-approval" => "The cardholder may dispute it: reverse the presentment.",
        "cleared-after-reversal" => "The cardholder may be charged twice over: reverse the presentment.",
        "duplicate-clearing" => "Reverse the extra presentments.",
        "clearing-amount-mismatch" => "Correct the presentment to the approved amount.",
        "cleared-not-settled" => "Ask settlement when it will be paid; keep the evidence.",
        "fee-mismatch" => "Pay the fee difference back and check the merchant's rate card.",
        "duplicate-settlement" => "Warn the merchant: the extra payment will be taken back.",
        "settled-late" => "Explain the delay (risk review, holiday, bank window) and check it is not repeating.",
        "payout-missing" => "Ask the bank and settlement for the payment trace.",
        "payout-amount-mismatch" => "Ask the bank for the breakdown of the credit.",
        "payout-unknown" => "Ask the bank what the statement line is before the merchant spends it.",
        "refund-without-original" => "Check the refund was legitimate; report possible fraud.",
        "refund-exceeds-original" => "Ask for the excess back from the cardholder's bank.",
        "batch-out-of-balance" => "Check the terminal for offline sales and lost reversals, and have the merchant settle the batch again.",
        _ => "Look the finding up in docs/reconciliation.md.",
    };

    public string Finding(ExceptionRow f, string currency) => $"{f.Kind}: {f.Detail}";
}
