namespace PosSim.Simulation.Support;

/// <summary>
/// Every word `possim trace` says, for one language. One class per language (TraceText.en.cs, TraceText.zhCN.cs)
/// so a translator reads and fixes one file, and a sentence missing in one language is a compile error.
/// </summary>
public interface ITraceText
{
    /// <summary>The language code as given to --lang.</summary>
    string Code { get; }

    // Headings of the console output.
    string Time { get; }

    string Route { get; }

    string WhatHappened { get; }

    string MoneyNowHeading { get; }

    string TellMerchantHeading { get; }

    string NextStepsHeading { get; }

    string FindingsHeading { get; }

    string Rrn { get; }

    string Terminal { get; }

    string Stan { get; }

    string Amount { get; }

    string Kind { get; }

    string Answer { get; }

    string Candidates(int count);

    string CandidatesHint { get; }

    string HopName(Hop hop);

    /// <summary>What a support case's way back did (or why nothing moved), as one hop of the story.</summary>
    string Resolution(ResolutionRow s, string currency);

    /// <summary>"What to do next" once a support case resolved the transaction.</summary>
    string NextResolved(long caseId);

    string KindName(string kind);

    string Money(long minor, string currency);

    string ResponseMeaning(string code);

    string Title(TranlogRow t);

    // The hops.
    string Request(TranlogRow t);

    string IssuerApproved(TranlogRow t, AuthorizationRow auth);

    string IssuerTimedOut { get; }

    string IssuerDeclined(string code);

    string IssuerLateAnswer(string code);

    string SwitchAnswered(string code);

    string HoldReleased { get; }

    string FollowUp(TranlogRow f);

    string Cleared(ClearingRow c, string currency);

    string NotCleared { get; }

    string Settled(SettlementRow s, string currency);

    string SettledLate(string dueDate, string causes);

    string NotSettled { get; }

    string PayoutAttempt(PayoutAttemptRow a);

    string Credited(StatementRow line, string currency);

    /// <summary>What an injected fault did, from ground-truth.csv; <paramref name="detail"/> is its English detail.</summary>
    string Fault(string fault, string detail);

    // Where the money is now.
    string MoneyDeclined(string code);

    string MoneyReversed { get; }

    string MoneyHeld(string amount);

    string MoneyClearedNotSettled(string clearingDate);

    string MoneyPayoutPending(string payoutId, string valueDate);

    string MoneyPaid(string date, string net, string payoutId);

    string MoneyBounced(string payoutId, string outcome);

    // What to tell the merchant.
    string TellDeclined(string code);

    string TellReversed { get; }

    string TellHeld(string amount);

    string TellClearedNotSettled { get; }

    string TellPayoutPending(string valueDate);

    string TellPaid(string date, string net, string fee, string statementId);

    string TellBounced(string outcome);

    /// <summary>Added when the terminal showed a failure for a sale the switch approved.</summary>
    string TellAnswerLost { get; }

    // What to do next.
    string NothingToDo { get; }

    string NextHeld(string authCode);

    string NextClearedNotSettled { get; }

    string NextPayoutPending(string valueDate);

    string NextBounced { get; }

    /// <summary>The support procedure for a matcher finding of this kind (docs/reconciliation.md).</summary>
    string ExceptionAdvice(string kind);

    /// <summary>A matcher finding in a line: its kind in words, and what it found.</summary>
    string Finding(ExceptionRow f, string currency);
}
