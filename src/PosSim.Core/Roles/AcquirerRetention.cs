using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Core.Time;

namespace PosSim.Core.Roles;

/// <summary>
/// What a long-running acquirer on its stores forgets from memory at each cut-over, so memory follows the days still
/// open rather than every day it has run. The stores keep everything; each part finds what it forgot there again, or
/// never needs it (docs/reliability.md, "Bounded memory").
/// </summary>
/// <remarks>
/// One business date of grace everywhere: when date B is cleared, what finished before the cut-over of B-1 goes.
/// Anything forgotten was committed a day before, so the stores' copy is the latest; and a retransmission or late
/// answer about it (minutes at most) has long been answered.
/// </remarks>
public static class AcquirerRetention
{
    /// <summary>
    /// The back office of an acquirer on its stores: it hands its records to the stores and forgets them a day after
    /// their money is final (serve answers no support questions, which is what a longer stay is for).
    /// </summary>
    public static SettlementOptions Settlement { get; } = new() { ForgetFinished = true, FinishedKeptDays = 1 };

    /// <summary>
    /// An issuer serving alone (`possim serve --role issuer`) has no cut-over: it forgets what finished more than a day
    /// before <paramref name="now"/> (holds released, posted or expired), and answers 94 to a request older than that it
    /// does not know.
    /// </summary>
    public static DateTimeOffset IssuerForgetBefore(DateTimeOffset now) => now - TimeSpan.FromDays(1);

    /// <summary>What an issuer serving alone forgets, on its hourly timer (<see cref="IssuerForgetBefore"/>).</summary>
    /// <returns>How many ledger transfers and issuer authorisations were forgotten.</returns>
    public static (int Transfers, int Authorizations) ForIssuerAlone(CardIssuer issuer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return Forget(issuer.Ledger, issuer, IssuerForgetBefore(now));
    }

    /// <summary>The moment before which finished ledger transfers and issuer authorisations are forgotten, once <paramref name="lastCutOver"/> is cleared.</summary>
    public static DateTimeOffset ForgetBefore(BusinessClock clock, DateOnly lastCutOver)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.CutOverMoment(lastCutOver.AddDays(-1));
    }

    /// <summary>
    /// After the cut-overs <paramref name="reports"/> ran: the ledger's finished transfers and the issuer's finished
    /// authorisations from before <see cref="ForgetBefore"/> leave memory. (The switch forgets its cleared rows
    /// itself, as each date is cleared, and the back office its final records.)
    /// </summary>
    /// <remarks>
    /// The back office forgets its final records itself at each cut-over when told to
    /// (<see cref="SettlementOptions.ForgetFinished"/>). The ledger goes first: the issuer also forgets an approval
    /// whose hold the ledger no longer knows. The issuer then answers a request sent before the cut-off that it does
    /// not know 94, since it may repeat one it forgot.
    /// </remarks>
    /// <returns>How many ledger transfers and issuer authorisations were forgotten.</returns>
    public static (int Transfers, int Authorizations) AfterCutOver(BackOffice office, CardIssuer? issuer, IReadOnlyList<CutOverReport> reports)
    {
        ArgumentNullException.ThrowIfNull(office);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0 || office.LastCutOver is not { } last)
        {
            return (0, 0);
        }

        return Forget(office.Ledger, issuer, ForgetBefore(office.Switch.Options.Clock, last));
    }

    /// <summary>The ledger first: the issuer also forgets an approval whose hold the ledger no longer knows.</summary>
    private static (int Transfers, int Authorizations) Forget(Ledger.Ledger ledger, CardIssuer? issuer, DateTimeOffset before) =>
        (ledger.ForgetFinishedBefore(before), issuer?.ForgetFinishedBefore(before) ?? 0);
}
