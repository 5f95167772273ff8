using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// The words of the evidence pack (docs/cases.md, "The evidence pack"): what a case hands on when it is escalated,
/// read by people outside support (the acquirer's legal team, an arbitrator), so the page explains what each part is.
/// </summary>
public partial interface ICaseText
{
    // The page and its parts.
    string EvidenceTitle(long caseId);

    string EvidenceIntro { get; }

    /// <summary>The line `possim case escalate` and `possim case evidence` print after writing the pack.</summary>
    string EvidenceWritten(string path);

    string EscalatedNotice(string at, string actor, string reason);

    string NotEscalatedNotice(CaseStage stage);

    /// <param name="generatedAt">The run's time the pack speaks for, never the wall clock.</param>
    string EvidenceFooter(string scenario, string seed, string generatedAt, bool escalated);

    string SectionCase { get; }

    string SectionJourney { get; }

    string SectionMessages { get; }

    string SectionPostings { get; }

    string SectionMoney { get; }

    string SectionFindings { get; }

    // Headings inside the sections.
    string ComplaintHeading { get; }

    string MerchantHeading { get; }

    string TransactionHeading { get; }

    string DiagnosisHeading { get; }

    string ContactHeading { get; }

    string ApplicationsHeading { get; }

    string ReviewHeading { get; }

    string ResolutionsHeading { get; }

    string EscalationHeading { get; }

    string SwitchLogHeading { get; }

    string WireHeading { get; }

    string HoldsHeading { get; }

    string TransfersHeading { get; }

    string AccountsHeading { get; }

    string ClearingHeading { get; }

    string SettlementHeading { get; }

    string PayoutsHeading { get; }

    string AttemptsHeading { get; }

    string StatementHeading { get; }

    string MatcherHeading { get; }

    string FaultsHeading { get; }

    string IncidentsHeading { get; }

    // What a part holds, said under its heading.
    string SwitchLogNote { get; }

    string WireNote { get; }

    string TransfersNote { get; }

    string FaultsNote { get; }

    // What a part says when the records hold nothing for it.
    string NoneOnRecord { get; }

    string NotGiven { get; }

    string NoTransactionYet { get; }

    string NotDiagnosedYet { get; }

    string NoFinding { get; }

    string NotContactedYet { get; }

    string NoApplication { get; }

    string NoReview { get; }

    string NoResolution { get; }

    string EventsMissing { get; }

    string NoWireMessages { get; }

    string NoHolds { get; }

    string NoPostings { get; }

    string PackNotCleared { get; }

    string PackNotSettled { get; }

    string NoPayouts { get; }

    string NotOnStatement { get; }

    string NoFindings { get; }

    string NoFaults { get; }

    string NoIncidents { get; }

    // Labels of facts and columns.
    string LabelStage { get; }

    string LabelMerchant { get; }

    string LabelTerminal { get; }

    string LabelApproximateTime { get; }

    string LabelAmount { get; }

    string LabelRegistered { get; }

    string LabelSettlementAccount { get; }

    string LabelFees { get; }

    string LabelSettleDays { get; }

    string LabelRrn { get; }

    string LabelStan { get; }

    string LabelTime { get; }

    string LabelBusinessDate { get; }

    string LabelCard { get; }

    string LabelAnswer { get; }

    string LabelApprovalCode { get; }

    string LabelConfirmed { get; }

    string LabelMoney { get; }

    string LabelFinding { get; }

    string LabelDiagnosed { get; }

    string LabelWhen { get; }

    string LabelBy { get; }

    string LabelWayBack { get; }

    string LabelPromisedBy { get; }

    string LabelNote { get; }

    string LabelTransactionTime { get; }

    string LabelCounterparty { get; }

    string LabelReason { get; }

    string LabelDecision { get; }

    string LabelStep { get; }

    string LabelStageBefore { get; }

    string LabelStageAfter { get; }

    string LabelValues { get; }

    string LabelGeneratedAt { get; }

    string LabelScenario { get; }

    string LabelSeed { get; }

    string LabelMessages { get; }

    string LabelKind { get; }

    string LabelProcessingCode { get; }

    string LabelTransmission { get; }

    string LabelOriginalRrn { get; }

    string LabelSwitchStatus { get; }

    string LabelField { get; }

    string LabelFieldName { get; }

    string LabelValue { get; }

    string LabelHoldId { get; }

    string LabelStatus { get; }

    string LabelSeq { get; }

    string LabelAppliedAt { get; }

    string LabelDebit { get; }

    string LabelCredit { get; }

    string LabelTransferId { get; }

    string LabelResolvesHold { get; }

    string LabelPayout { get; }

    string LabelAccountId { get; }

    string LabelName { get; }

    string LabelLedger { get; }

    string LabelFlags { get; }

    string LabelClearingId { get; }

    string LabelClearingDate { get; }

    string LabelChannel { get; }

    string LabelGross { get; }

    string LabelFee { get; }

    string LabelNet { get; }

    string LabelValueDate { get; }

    string LabelDueDate { get; }

    string LabelLateCauses { get; }

    string LabelFirstValueDate { get; }

    string LabelAttempts { get; }

    string LabelRows { get; }

    string LabelStatementLine { get; }

    string LabelAttempt { get; }

    string LabelDate { get; }

    string LabelAccepted { get; }

    string LabelOutcome { get; }

    string LabelExpected { get; }

    string LabelActual { get; }

    string LabelDetail { get; }

    string LabelWhatToDo { get; }

    string LabelFault { get; }

    string LabelWhatItDid { get; }

    string LabelExpectedFinding { get; }

    string LabelCase { get; }

    string LabelCarriedOutAt { get; }

    string LabelMessageRrn { get; }

    string LabelProof { get; }

    string LabelFailure { get; }

    // Values in words.
    string ByAt(string actor, string at);

    string Fees(string card, string qr);

    string SettleDays(long days, long fallbackDays);

    string Approved { get; }

    string Rejected { get; }

    string Submitted { get; }

    string ClosedWithoutRefund { get; }

    /// <summary>A resolution the back office reported: done, or tried and failed.</summary>
    string Resolution(bool done);

    string ResolutionDetail(string path, string amount, string proof, string? failure);

    string ApprovedCommand(string path, string amount, string counterparty);

    /// <summary>An audit trail step (open, confirm-records, ..., escalate) in words.</summary>
    string StepName(string action);

    /// <summary>Where a message went: terminal or switch.</summary>
    string Party(string party);

    string MessageType(string mti);

    string FieldName(int field);

    string Lost { get; }

    /// <summary>The switch log's status: Answered, TimedOut, InFlight.</summary>
    string SwitchStatus(string status);

    string LateAnswer(string code, string meaning);

    /// <summary>An issuer approval's status: held, released, posted.</summary>
    string HoldStatus(string status);

    /// <summary>A ledger transfer's kind: hold, post, void, clearing, clearing-refund, fee, payout, payout-debit...</summary>
    string LedgerKind(string kind);

    /// <summary>A ledger transfer's status: posted, pending, voided, expired.</summary>
    string LedgerStatus(string status);

    string PayoutStatus(string status);

    string Channel(string channel);

    string Yes { get; }

    string No { get; }
}
