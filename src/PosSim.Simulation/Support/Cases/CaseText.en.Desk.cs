using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

public sealed partial class CaseTextEn
{
    public string DeskTitle => "PosSim support desk";

    public string DeskNavCases => "Cases";

    public string DeskNavNewComplaint => "New complaint";

    public string DeskNavSearch => "Transaction search";

    public string DeskLanguageName => "English";

    public string DeskRun(string scenario, string now) => $"Run {scenario} · desk time {now}";

    public string DeskQueueHeading => "Case queue";

    public string DeskFilter(DeskQueueFilter filter) => filter switch
    {
        DeskQueueFilter.Open => "Open",
        DeskQueueFilter.Review => "Waiting for review",
        DeskQueueFilter.Processing => "Processing",
        DeskQueueFilter.Escalated => "Escalated",
        DeskQueueFilter.Completed => "Completed",
        DeskQueueFilter.All => "All",
        _ => filter.ToString(),
    };

    public string DeskNoCases => "No case here. A merchant's call starts one: New complaint.";

    public string DeskColumnCase => "Case";

    public string DeskColumnMerchant => "Merchant";

    public string DeskColumnComplaint => "Complaint";

    public string DeskColumnStage => "Stage";

    public string DeskColumnOpened => "Opened";

    public string DeskColumnAge => "Age";

    public string DeskColumnLastStep => "Last step";

    public string DeskColumnCard => "Card";

    public string DeskColumnMoney => "Where the money is";

    public string DeskAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
        : $"{Math.Max(0, (int)age.TotalMinutes)} min";

    public string DeskIntakeHeading => "New complaint";

    public string DeskIntakeIntro =>
        "Write down what the merchant says: who calls, about when the sale was, how much, and the terminal if they know it. " +
        "The case then takes the complaint through the procedure, one step at a time.";

    public string DeskFieldMerchant => "Merchant";

    public string DeskFieldTerminal => "Terminal";

    public string DeskFieldTerminalHint => "if the merchant knows it";

    public string DeskFieldTime => "About when (run's local time)";

    public string DeskFieldAmount => "Amount";

    public string DeskFieldWords => "The merchant's words";

    public string DeskFieldBy => "Your name";

    public string DeskOpenCaseButton => "Open the case";

    public string DeskRequired(string field) => $"{field}: fill this in.";

    public string DeskBadAmount(string field, string value) => $"{field}: '{value}' is not an amount; write it with a decimal point, like 350.00.";

    public string DeskBadTime(string field, string value) => $"{field}: '{value}' is not a time; write it as 2026-03-02 14:02.";

    public string DeskBadDate(string field, string value) => $"{field}: '{value}' is not a date; write it as 2026-03-12.";

    public string DeskBadStan(string value) => $"STAN: '{value}' is not a trace number; it is up to 6 digits, off the slip.";

    public string DeskBadCard(string value) =>
        $"Card: '{value}' is not a card as the records keep it; give the last 4 digits, or the masked number (476173******0011).";

    public string DeskUnknownMerchant(string merchantId) => $"Merchant: there is no merchant '{merchantId}' in this run; pick one from the list.";

    public string DeskUnknownTerminal(string terminalId, string merchantId) =>
        $"Terminal: '{terminalId}' is not a terminal of merchant {merchantId} in this run; leave it empty if the merchant does not know it.";

    public string DeskUnknownRrn(string rrn) => $"RRN: no purchase with RRN '{rrn}' in this run; check the number on the receipt.";

    public string DeskBadChoice(string field, string value) => $"{field}: '{value}' is not one of the choices.";

    public string DeskFormHasErrors => "Nothing was changed. Correct what is marked and send it again.";

    public string DeskSearchHeading => "Transaction search";

    public string DeskSearchIntro =>
        "Search the switch's transaction log. Give an RRN, a terminal, or a time window (one end is enough: it then spans a day); " +
        "amount, STAN and card narrow the search.";

    public string DeskFieldFrom => "From";

    public string DeskFieldTo => "To";

    public string DeskFieldMinAmount => "Amount from";

    public string DeskFieldMaxAmount => "Amount to";

    public string DeskFieldRrn => "RRN";

    public string DeskFieldStan => "STAN";

    public string DeskFieldCard => "Card";

    public string DeskFieldCardHint => "last 4 digits or masked";

    public string DeskSearchButton => "Search";

    public string DeskSearchNeedsAnchor => "Give an RRN, a terminal or a time window: the log is too long to read whole.";

    public string DeskSearchResults(int shown, bool more) =>
        more ? $"{shown} transactions on this page, and more on the next: narrow the search, or page on." : shown == 1 ? "One transaction." : $"{shown} transactions.";

    public string DeskNoResults => "No transaction fits. Widen the time window or check the numbers with the merchant.";

    public string DeskJourneyHeading => "Its journey";

    public string DeskCasesAboutIt => "Cases about it";

    public string DeskComplainAboutIt => "Open a complaint about it";

    public string DeskNoSuchTransaction(string terminalId, string rrn) => $"No transaction with RRN {rrn} on terminal {terminalId} in this run.";

    public string DeskComplaintHeading => "Complaint";

    public string DeskTransactionHeading => "The transaction";

    public string DeskOpenTransaction => "its journey";

    public string DeskNextHeading => "Next step";

    public string DeskNextStep(CaseStage stage) => stage switch
    {
        CaseStage.Registered => "Confirm the money did not arrive: pick the purchase the merchant means from the records.",
        CaseStage.RecordsConfirmed => "Say where the money is now, as its journey shows it.",
        CaseStage.Diagnosed => "Call the customer: explain, and agree the way back and by when. When no money was taken, close the case.",
        CaseStage.CustomerContacted => "Fill in the refund application for the payment institution; it is prefilled from the transaction.",
        CaseStage.RefundAppliedFor => "Submit the application for review, or amend it first.",
        CaseStage.UnderReview => "A reviewer checks it against the records and approves, or rejects it with a reason.",
        CaseStage.Processing => "The back office moves the money; the case completes when the records show it.",
        _ => "Nothing more to do on this case.",
    };

    public string DeskConfirmButton => "This one";

    public string DeskConfirmOtherHeading => "Another purchase, by its receipt";

    public string DeskDiagnoseHeading => "Where is the money?";

    public string DeskFieldMoney => "The money is";

    public string DeskChoose => "choose…";

    public string DeskDiagnoseButton => "Record the diagnosis";

    public string DeskContactHeading => "The call with the customer";

    public string DeskFieldPath => "Way back";

    public string DeskFieldByDate => "Promised by";

    public string DeskFieldNote => "What was said";

    public string DeskContactButton => "Record the call";

    public string DeskCloseHeading => "No money was taken";

    public string DeskCloseButton => "Close without a refund";

    public string DeskApplyHeading => "Refund application";

    public string DeskAmendHeading => "Amend the application";

    public string DeskFieldTransactionTime => "Transaction time";

    public string DeskFieldCounterparty => "Counterparty";

    public string DeskFieldReason => "Reason";

    public string DeskApplyButton => "File the application";

    public string DeskSubmitButton => "Submit for review";

    public string DeskReviewHeading => "Review";

    public string DeskReviewChecksPass => "Every check passes against the records as they are now.";

    public string DeskReviewProblems => "Against the records as they are now, approval would be refused:";

    public string DeskApproveButton => "Approve";

    public string DeskRejectButton => "Reject";

    public string DeskRejections => "Sent back by review";

    public string DeskProcessingWaiting => "Approved; the way back has not been carried out yet.";

    public string DeskCarryOutButton => "Carry it out now";

    public string DeskOutcomeHeading => "Outcome";

    public string DeskProof => "Proof";

    public string DeskFailure => "Nothing moved";

    public string DeskEscalateHeading => "Escalate";

    public string DeskEscalateButton => "Escalate with the evidence";

    public string DeskEscalated(string reason) => $"Escalated: {reason}";

    public string DeskAccepted(string step) => $"Done: {step}.";

    public string DeskCarriedOut => "The run was played again with the approved way back; the outcome is below.";

    public string DeskColumnWhen => "When";

    public string DeskColumnWho => "Who";

    public string DeskColumnStep => "Step";

    public string DeskColumnDetail => "Detail";

    public string DeskNoSuchCase(long id) => $"There is no case {id} in this run.";

    public string DeskMerchantHeading(string merchantId) => $"Merchant {merchantId}";

    public string DeskBalance => "Settlement account balance";

    public string DeskPayouts => "Payouts";

    public string DeskStatement => "Bank statement";


    public string DeskPayoutStatus(string status) => status switch
    {
        "paid" => "paid",
        "bounced" => "sent back by the bank",
        _ => status,
    };

    public string DeskColumnValueDate => "Value date";

    public string DeskColumnPayout => "Payout";

    public string DeskColumnNet => "Net";

    public string DeskColumnTries => "Tries";

    public string DeskNothing => "Nothing.";

    public string DeskTokenMissing => "This desk needs its access token: open it once as /?token=YOUR-TOKEN (the one given to possim desk --token).";

    public string DeskFilterAny => "any";

    public string DeskColumnDiagnosis => "Diagnosed: the money was";

    public string DeskFilterOlder => "Open longer than (hours)";

    public string DeskFilterWords => "Complaint contains";

    public string DeskFilterButton => "Filter";

    public string DeskFilterClear => "Clear filters";

    public string DeskBadHours(string value) => $"Open longer than: '{value}' is not a number of hours; give a whole number, e.g. 24.";

    public string DeskFiltered(int shown, int of) => $"{shown} of {of} cases fit the filters.";

    public string DeskSearchPage(int page) => $"page {page}";

    public string DeskPreviousPage => "« Previous 200";

    public string DeskNextPage => "Next 200 »";

    public string DeskBadPage(string value, int last) => $"Page: '{value}' is not a page of results; pages run from 1 to {last}.";

    public string DeskEvidenceHeading => "Evidence pack";

    public string DeskEvidenceDownload => "Download the evidence pack (one HTML file: the case, its transaction's records, the messages with cards masked, the postings)";

    public string DeskEvidenceWritten(string path) => $"The evidence pack was written to {path}.";

    public string DeskNavTraining => "Training";

    public string DeskTrainingHeading => "Training";

    public string DeskTrainingIntro =>
        "Practise the procedure on this run. \"Next complaint\" takes a purchase of the run whose money was taken from the card and never reached the merchant, " +
        "and opens a case with the merchant's call in their own words: no RRN, no cause. Work it like any case, then grade it: points for each part of the " +
        "procedure, what was missed or wrong, and what the procedure says.";

    public string DeskTrainingNextButton => "Next complaint";

    public string DeskTrainingNone => "No training case yet.";

    public string DeskTrainingBanner => "Training case: the merchant gave only what they know. Search, confirm, diagnose and see it through; when you are done, grade it.";

    public string DeskGradeButton => "Finish and grade";

    public string DeskGradeHeading => "Grade";

    public string DeskGradeWarning => "The grade shows the answer. Grade when you have finished the case.";

    public string DeskColumnScore => "Score";

    public string DeskColumnPart => "Part of the procedure";

    public string DeskColumnFeedback => "Feedback";

    public string DeskNotGraded => "not graded yet";

    public string DeskSearchRecordsIntro => "First check the POS transaction records: search them for the merchant's purchases of this amount around that time.";

    public string DeskSearchRecordsButton => "Search the records";
}
