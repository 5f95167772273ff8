using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// The words of the support desk (`possim desk`), the web face of the same cases: its menus, forms, buttons and
/// the messages of its checks. The procedure's own words (stages, money, ways back, refusals) are the ones above,
/// shared with `possim case`; a word missing in one language is a compile error, as everywhere else.
/// </summary>
public partial interface ICaseText
{
    string DeskTitle { get; }

    string DeskNavCases { get; }

    string DeskNavNewComplaint { get; }

    string DeskNavSearch { get; }

    /// <summary>The name of this language in itself, for the language switch.</summary>
    string DeskLanguageName { get; }

    /// <summary>"Run" and the run's scenario, shown in the page header.</summary>
    string DeskRun(string scenario, string now);

    // The case queue.
    string DeskQueueHeading { get; }

    string DeskFilter(DeskQueueFilter filter);

    string DeskNoCases { get; }

    string DeskColumnCase { get; }

    string DeskColumnMerchant { get; }

    string DeskColumnComplaint { get; }

    string DeskColumnStage { get; }

    string DeskColumnOpened { get; }

    string DeskColumnAge { get; }

    string DeskColumnLastStep { get; }

    string DeskColumnCard { get; }

    string DeskColumnMoney { get; }

    /// <summary>How long a case has been open (or took), in the run's time.</summary>
    string DeskAge(TimeSpan age);

    // Complaint intake.
    string DeskIntakeHeading { get; }

    string DeskIntakeIntro { get; }

    string DeskFieldMerchant { get; }

    string DeskFieldTerminal { get; }

    string DeskFieldTerminalHint { get; }

    string DeskFieldTime { get; }

    string DeskFieldAmount { get; }

    string DeskFieldWords { get; }

    string DeskFieldBy { get; }

    string DeskOpenCaseButton { get; }

    // Checks of what was typed: each says what is wrong and what to type instead.
    string DeskRequired(string field);

    string DeskBadAmount(string field, string value);

    string DeskBadTime(string field, string value);

    string DeskBadDate(string field, string value);

    string DeskBadStan(string value);

    string DeskBadCard(string value);

    string DeskUnknownMerchant(string merchantId);

    string DeskUnknownTerminal(string terminalId, string merchantId);

    string DeskUnknownRrn(string rrn);

    string DeskBadChoice(string field, string value);

    string DeskFormHasErrors { get; }

    // Transaction search.
    string DeskSearchHeading { get; }

    string DeskSearchIntro { get; }

    string DeskFieldFrom { get; }

    string DeskFieldTo { get; }

    string DeskFieldMinAmount { get; }

    string DeskFieldMaxAmount { get; }

    string DeskFieldRrn { get; }

    string DeskFieldStan { get; }

    string DeskFieldCard { get; }

    string DeskFieldCardHint { get; }

    string DeskSearchButton { get; }

    string DeskSearchNeedsAnchor { get; }

    string DeskSearchResults(int shown, bool more);

    string DeskNoResults { get; }

    // The transaction.
    string DeskJourneyHeading { get; }

    string DeskCasesAboutIt { get; }

    string DeskComplainAboutIt { get; }

    string DeskNoSuchTransaction(string terminalId, string rrn);

    // The case.
    string DeskComplaintHeading { get; }

    string DeskTransactionHeading { get; }

    string DeskOpenTransaction { get; }

    string DeskNextHeading { get; }

    /// <summary>What the person at the desk does next at a stage, in the desk's own terms (buttons, not commands).</summary>
    string DeskNextStep(CaseStage stage);

    string DeskConfirmButton { get; }

    string DeskConfirmOtherHeading { get; }

    string DeskDiagnoseHeading { get; }

    string DeskFieldMoney { get; }

    string DeskChoose { get; }

    string DeskDiagnoseButton { get; }

    string DeskContactHeading { get; }

    string DeskFieldPath { get; }

    string DeskFieldByDate { get; }

    string DeskFieldNote { get; }

    string DeskContactButton { get; }

    string DeskCloseHeading { get; }

    string DeskCloseButton { get; }

    string DeskApplyHeading { get; }

    string DeskAmendHeading { get; }

    string DeskFieldTransactionTime { get; }

    string DeskFieldCounterparty { get; }

    string DeskFieldReason { get; }

    string DeskApplyButton { get; }

    string DeskSubmitButton { get; }

    string DeskReviewHeading { get; }

    string DeskReviewChecksPass { get; }

    string DeskReviewProblems { get; }

    string DeskApproveButton { get; }

    string DeskRejectButton { get; }

    string DeskRejections { get; }

    string DeskProcessingWaiting { get; }

    string DeskCarryOutButton { get; }

    string DeskOutcomeHeading { get; }

    string DeskProof { get; }

    string DeskFailure { get; }

    string DeskEscalateHeading { get; }

    string DeskEscalateButton { get; }

    string DeskEscalated(string reason);

    string DeskAccepted(string step);

    string DeskCarriedOut { get; }

    string DeskColumnWhen { get; }

    string DeskColumnWho { get; }

    string DeskColumnStep { get; }

    string DeskColumnDetail { get; }

    string DeskNoSuchCase(long id);

    // The merchant.
    string DeskMerchantHeading(string merchantId);

    string DeskBalance { get; }

    string DeskPayouts { get; }

    string DeskStatement { get; }


    string DeskPayoutStatus(string status);

    string DeskColumnValueDate { get; }

    string DeskColumnPayout { get; }

    string DeskColumnNet { get; }

    string DeskColumnTries { get; }

    string DeskNothing { get; }

    // Access.
    string DeskTokenMissing { get; }

    // Queue filters beyond the stage.
    string DeskFilterAny { get; }

    /// <summary>The queue's column and filter: where the diagnosis said the money was (not where it is now).</summary>
    string DeskColumnDiagnosis { get; }

    string DeskFilterOlder { get; }

    string DeskFilterWords { get; }

    string DeskFilterButton { get; }

    string DeskFilterClear { get; }

    string DeskBadHours(string value);

    /// <summary>How many cases the filters left, of those in the view.</summary>
    string DeskFiltered(int shown, int of);

    // Search pages.
    string DeskSearchPage(int page);

    string DeskPreviousPage { get; }

    string DeskNextPage { get; }

    string DeskBadPage(string value, int last);

    // The evidence pack.
    string DeskEvidenceHeading { get; }

    string DeskEvidenceDownload { get; }

    string DeskEvidenceWritten(string path);

    // Training.
    string DeskNavTraining { get; }

    string DeskTrainingHeading { get; }

    string DeskTrainingIntro { get; }

    string DeskTrainingNextButton { get; }

    string DeskTrainingNone { get; }

    /// <summary>On a training case's page: what to do, and where the grade is once done.</summary>
    string DeskTrainingBanner { get; }

    string DeskGradeButton { get; }

    string DeskGradeHeading { get; }

    /// <summary>Before the grade page shows the answer: grading ends the exercise.</summary>
    string DeskGradeWarning { get; }

    string DeskColumnScore { get; }

    string DeskColumnPart { get; }

    string DeskColumnFeedback { get; }

    string DeskNotGraded { get; }

    /// <summary>The first step of the procedure on the case page: look in the records before naming a transaction.</summary>
    string DeskSearchRecordsIntro { get; }

    string DeskSearchRecordsButton { get; }
}

/// <summary>The queue's views: which cases it lists.</summary>
public enum DeskQueueFilter
{
    /// <summary>Being worked: from registered to the application before it is submitted.</summary>
    Open,

    /// <summary>Submitted, waiting for a reviewer.</summary>
    Review,

    /// <summary>Approved, the money on its way back.</summary>
    Processing,

    Escalated,

    Completed,

    All,
}
