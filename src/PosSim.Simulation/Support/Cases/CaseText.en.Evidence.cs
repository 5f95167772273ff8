using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>The evidence pack in English.</summary>
public sealed partial class CaseTextEn
{
    public string EvidenceTitle(long caseId) => $"Evidence pack: support case {caseId}";

    public string EvidenceIntro =>
        "Everything the acquirer's records hold about this case: the merchant's complaint and how support worked it, the " +
        "transaction's journey, its messages, its postings, and its money's way to the merchant. Card numbers are masked; " +
        "times are the acquirer's local time.";

    public string EvidenceWritten(string path) => $"Evidence pack: {path}";

    public string EscalatedNotice(string at, string actor, string reason) => $"Escalated on {at} by {actor}. Reason: {reason}";

    public string NotEscalatedNotice(CaseStage stage) =>
        $"This case has not been escalated: it is at '{Stage(stage)}'. The pack shows the case as it stands now.";

    public string EvidenceFooter(string scenario, string seed, string generatedAt, bool escalated) =>
        $"PosSim run of scenario {scenario}, seed {seed}. Pack generated at {generatedAt} in the run's time " +
        $"({(escalated ? "the escalation" : "the case's latest step")}): the same case of the same run gives this same file, byte for byte.";

    public string SectionCase => "The case";

    public string SectionJourney => "Journey";

    public string SectionMessages => "Messages";

    public string SectionPostings => "Postings";

    public string SectionMoney => "Clearing and settlement";

    public string SectionFindings => "Findings and faults";

    public string ComplaintHeading => "The merchant's complaint";

    public string MerchantHeading => "The merchant's agreement";

    public string TransactionHeading => "The transaction confirmed";

    public string DiagnosisHeading => "Diagnosis: where the money is";

    public string ContactHeading => "Contact with the customer";

    public string ApplicationsHeading => "Refund applications";

    public string ReviewHeading => "Review and resolution";

    public string ResolutionsHeading => "Resolutions carried out";

    public string EscalationHeading => "Escalation";

    public string SwitchLogHeading => "As the switch logged them";

    public string WireHeading => "On the terminal's link";

    public string HoldsHeading => "Issuer approvals and their holds";

    public string TransfersHeading => "Ledger transfers";

    public string AccountsHeading => "Accounts named";

    public string ClearingHeading => "Clearing";

    public string SettlementHeading => "Settlement";

    public string PayoutsHeading => "Payouts";

    public string AttemptsHeading => "Payout attempts";

    public string StatementHeading => "The merchant's bank statement";

    public string MatcherHeading => "Reconciliation findings";

    public string FaultsHeading => "Injected faults (ground truth)";

    public string IncidentsHeading => "Incidents";

    public string SwitchLogNote =>
        "One row per request the switch received from the terminal, with the answer the terminal was given. The message types " +
        "follow from the kind and the answer: 0200/0210 for sales, refunds and voids, 0400/0410 for reversals, and 0420/0430 " +
        "for the reversal advice the back office sends to release a hold when a case is carried out.";

    public string WireNote =>
        "Every message on the terminal's link that carries the trace number and transmission time of one of the requests above, " +
        "or names one as its original, as it left the sender, including those lost on the way. Values are as carried; the card " +
        "number is masked.";

    public string TransfersNote =>
        "Accounts are credit-normal: a credit raises the balance. A hold reserves money on the card; a post moves it; a void " +
        "releases it. Fee and payout transfers move the whole payout, of which this transaction is one row.";

    public string FaultsNote =>
        "The faults the scenario injected that hit this transaction, a follow-up or its payout: what actually went wrong, " +
        "against which the findings can be checked.";

    public string NoneOnRecord => "None on record.";

    public string NotGiven => "not given";

    public string NoTransactionYet => "No transaction was confirmed for this case: the records were not searched yet.";

    public string NotDiagnosedYet => "Not diagnosed yet.";

    public string NoFinding => "none";

    public string NotContactedYet => "The customer was not contacted yet.";

    public string NoApplication => "No refund application was filled in.";

    public string NoReview => "Nothing was submitted for review.";

    public string NoResolution => "No way back was carried out for this transaction.";

    public string EventsMissing => "The run folder has no events.ndjson, so only the switch log above shows the messages.";

    public string NoWireMessages => "events.ndjson holds no message of this transaction.";

    public string NoHolds => "The issuer approved nothing for this transaction.";

    public string NoPostings => "No ledger transfer touches this transaction.";

    public string PackNotCleared => "Never presented for clearing.";

    public string PackNotSettled => "No payout carries it.";

    public string NoPayouts => "No payout.";

    public string NotOnStatement => "Nothing on the merchant's bank statement.";

    public string NoFindings => "The matcher found nothing wrong with it.";

    public string NoFaults => "No fault was injected into it.";

    public string NoIncidents => "No incident.";

    public string LabelStage => "Stage";

    public string LabelMerchant => "Merchant";

    public string LabelTerminal => "Terminal";

    public string LabelApproximateTime => "About when";

    public string LabelAmount => "Amount";

    public string LabelRegistered => "Registered";

    public string LabelSettlementAccount => "Settlement account";

    public string LabelFees => "Fees";

    public string LabelSettleDays => "Settlement";

    public string LabelRrn => "RRN";

    public string LabelStan => "STAN";

    public string LabelTime => "Time";

    public string LabelBusinessDate => "Business date";

    public string LabelCard => "Card";

    public string LabelAnswer => "Answer";

    public string LabelApprovalCode => "Approval code";

    public string LabelConfirmed => "Confirmed";

    public string LabelMoney => "Money";

    public string LabelFinding => "Finding";

    public string LabelDiagnosed => "Diagnosed";

    public string LabelWhen => "When";

    public string LabelBy => "By";

    public string LabelWayBack => "Way back";

    public string LabelPromisedBy => "Promised by";

    public string LabelNote => "Note";

    public string LabelTransactionTime => "Transaction time";

    public string LabelCounterparty => "To";

    public string LabelReason => "Reason";

    public string LabelDecision => "Decision";

    public string LabelStep => "Step";

    public string LabelStageBefore => "Stage before";

    public string LabelStageAfter => "Stage after";

    public string LabelValues => "Values";

    public string LabelGeneratedAt => "Generated at (run time)";

    public string LabelScenario => "Scenario";

    public string LabelSeed => "Seed";

    public string LabelMessages => "MTI";

    public string LabelKind => "Kind";

    public string LabelProcessingCode => "Processing code";

    public string LabelTransmission => "Transmission (DE7)";

    public string LabelOriginalRrn => "Original RRN";

    public string LabelSwitchStatus => "Switch status";

    public string LabelField => "DE";

    public string LabelFieldName => "Field";

    public string LabelValue => "Value";

    public string LabelHoldId => "Hold";

    public string LabelStatus => "Status";

    public string LabelSeq => "#";

    public string LabelAppliedAt => "Applied at";

    public string LabelDebit => "Debit";

    public string LabelCredit => "Credit";

    public string LabelTransferId => "Transfer";

    public string LabelResolvesHold => "Resolves hold";

    public string LabelPayout => "Payout";

    public string LabelAccountId => "Account";

    public string LabelName => "Name";

    public string LabelLedger => "Ledger";

    public string LabelFlags => "Flags";

    public string LabelClearingId => "Clearing id";

    public string LabelClearingDate => "Clearing date";

    public string LabelChannel => "Channel";

    public string LabelGross => "Gross";

    public string LabelFee => "Fee";

    public string LabelNet => "Net";

    public string LabelValueDate => "Value date";

    public string LabelDueDate => "Due date";

    public string LabelLateCauses => "Why late";

    public string LabelFirstValueDate => "First value date";

    public string LabelAttempts => "Tries";

    public string LabelRows => "Rows";

    public string LabelStatementLine => "Statement line";

    public string LabelAttempt => "Try";

    public string LabelDate => "Date";

    public string LabelAccepted => "Accepted";

    public string LabelOutcome => "Outcome";

    public string LabelExpected => "Expected";

    public string LabelActual => "Actual";

    public string LabelDetail => "Detail (as recorded)";

    public string LabelWhatToDo => "What to do";

    public string LabelFault => "Fault";

    public string LabelWhatItDid => "What it did";

    public string LabelExpectedFinding => "Finding it should raise";

    public string LabelCase => "Case";

    public string LabelCarriedOutAt => "Carried out at";

    public string LabelMessageRrn => "Message RRN";

    public string LabelProof => "Proof";

    public string LabelFailure => "Why nothing moved";

    public string ByAt(string actor, string at) => $"{at} by {actor}";

    public string Fees(string card, string qr) => $"card {card}, QR code {qr}";

    public string SettleDays(long days, long fallbackDays) =>
        days == 0 ? $"instant (D0), T+{fallbackDays} outside the window or quota" : $"T+{days}";

    public string Approved => "approved";

    public string Rejected => "rejected";

    public string Submitted => "submitted for review";

    public string ClosedWithoutRefund => "closed without a refund";

    public string Resolution(bool done) => done ? "resolution carried out" : "resolution failed";

    public string ResolutionDetail(string path, string amount, string proof, string? failure) =>
        $"{amount}, {path}" + (proof.Length > 0 ? $"; proof {proof}" : "") + (failure is null ? "" : $"; failed: {failure}");

    public string ApprovedCommand(string path, string amount, string counterparty) =>
        $"Approved for the back office: {amount} to {counterparty}, {path}.";

    public string StepName(string action) => action switch
    {
        "open" => "complaint registered",
        "confirm-records" => "records confirmed",
        "diagnose" => "diagnosed",
        "contact-customer" => "customer contacted",
        "close-without-refund" => "closed without a refund",
        "apply-for-refund" => "refund applied for",
        "submit-for-review" => "submitted for review",
        "approve" => "approved",
        "reject" => "rejected",
        "resolution" => "resolution reported",
        "escalate" => "escalated",
        _ => action,
    };

    public string Party(string party) => party;

    public string MessageType(string mti) => mti switch
    {
        "0100" => "authorization request",
        "0110" => "authorization response",
        "0200" => "financial request",
        "0210" => "financial response",
        "0220" => "financial advice",
        "0230" => "financial advice response",
        "0400" => "reversal request",
        "0401" => "reversal request, repeated",
        "0410" => "reversal response",
        "0420" => "reversal advice",
        "0421" => "reversal advice, repeated",
        "0430" => "reversal advice response",
        "0500" => "batch totals",
        "0510" => "batch totals response",
        "0800" => "network management request",
        "0810" => "network management response",
        _ => "",
    };

    public string FieldName(int field) => field switch
    {
        2 => "card number (masked)",
        3 => "processing code",
        4 => "amount",
        7 => "transmission date and time",
        11 => "trace number (STAN)",
        12 => "local time",
        13 => "local date",
        14 => "card expiry",
        22 => "entry mode",
        25 => "condition code",
        35 => "track 2 (masked)",
        37 => "retrieval reference number",
        38 => "approval code",
        39 => "response code",
        41 => "terminal",
        42 => "merchant",
        49 => "currency",
        90 => "original data",
        _ => "",
    };

    public string Lost => "lost on the way";

    public string SwitchStatus(string status) => status switch
    {
        "Answered" => "answered",
        "TimedOut" => "issuer timed out (terminal told 91)",
        "InFlight" => "never answered",
        _ => status,
    };

    public string LateAnswer(string code, string meaning) => $"the issuer's late answer: {code} {meaning}";

    public string HoldStatus(string status) => status switch
    {
        "held" => "held (waiting for clearing)",
        "released" => "released",
        "posted" => "posted (cleared)",
        _ => status,
    };

    public string LedgerKind(string kind) => kind;

    public string LedgerStatus(string status) => status;

    public string PayoutStatus(string status) => status;

    public string Channel(string channel) => channel == "qr" ? "QR code" : channel;

    public string Yes => "yes";

    public string No => "no";
}
