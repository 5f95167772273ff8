using PosSim.Core.Accounts;
using PosSim.Ledger;

namespace PosSim.Core.Settlement;

public sealed record SettlementOptions
{
    /// <summary>The currency of the acquirer's accounts.</summary>
    public Currency Currency { get; init; } = Currency.Cny;

    /// <summary>
    /// What clearing does with a purchase the terminal approved offline (an 0220 advice) that the issuer refused or
    /// never received: no authorisation stands behind it. <see cref="StandInPolicy.Withhold"/> (the default) does not
    /// present it, so the merchant is not paid for it; <see cref="StandInPolicy.Pay"/> is the acquirer declaring that
    /// it bears such losses: it presents it, flagged as stand-in in clearing.csv.
    /// </summary>
    public StandInPolicy StandIn { get; init; } = StandInPolicy.Withhold;

    /// <summary>The agreement of a merchant that shows up in the switch log without one (the default agreement).</summary>
    public Func<string, MerchantAgreement> NewMerchant { get; init; } = id => new MerchantAgreement(id);

    /// <summary>
    /// A long-running back office: after each cut-over it forgets what is final (see <see cref="BackOffice"/>'s
    /// retention), so memory stays flat. Off by default: a simulation reads everything at the end of its run.
    /// </summary>
    public bool ForgetFinished { get; init; }

    /// <summary>
    /// With <see cref="ForgetFinished"/>: the calendar days a final record is still held after its money became final,
    /// so support still finds a payout it is asked about soon after. 7 by default; 0 forgets at the cut-over that pays.
    /// </summary>
    public int FinishedKeptDays
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 3660);
            field = value;
        }
    } = 7;

    /// <summary>
    /// With <see cref="ForgetFinished"/>: how many of the latest incidents, withheld advices and clearing issues are
    /// held for people to look at; all are counted.
    /// </summary>
    public int RecentKept
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 1_000;
}

/// <summary>Trims a list kept in arrival order to its latest entries.</summary>
internal static class Latest
{
    public static void Keep<T>(List<T> list, int kept)
    {
        if (list.Count > kept)
        {
            list.RemoveRange(0, list.Count - kept);
        }
    }
}

/// <summary>Whether clearing pays merchants for offline approvals no issuer authorised (<see cref="SettlementOptions.StandIn"/>).</summary>
public enum StandInPolicy
{
    /// <summary>Never present them: no authorisation, no payment.</summary>
    Withhold,

    /// <summary>Present them at the acquirer's risk, flagged as stand-in so reconciliation shows them.</summary>
    Pay,
}

/// <summary>The acquirer's own accounts: clearing (where the scheme pays in) and fee income.</summary>
internal static class AcquirerBooks
{
    // Ids of transfers this assembly's settlement side makes, one namespace each, apart from the issuer's.
    public const ulong ClearingTransfers = 0xC1EA2;
    public const ulong SettlementTransfers = 0x5E771E;

    public static void Open(Ledger.Ledger ledger, ushort currency)
    {
        // The issuer opens the scheme account too; opening it here as well lets clearing run with a remote issuer.
        Require(ledger.CreateAccount(new AccountRequest(AccountIds.Scheme, LedgerKind.Scheme, currency, AccountFlags.AllowNegative)));

        // A refund-heavy day can take clearing below zero; fee income is only ever credited.
        Require(ledger.CreateAccount(new AccountRequest(AccountIds.Clearing, LedgerKind.Acquirer, currency, AccountFlags.AllowNegative)));
        Require(ledger.CreateAccount(new AccountRequest(AccountIds.Fees, LedgerKind.Acquirer, currency, AccountFlags.NoOverdraft)));
    }

    /// <summary>
    /// The highest sequence already used in a namespace: a ledger rebuilt from its store continues after it. Asked of
    /// the ledger, not read off its transfers, because the ledger forgets finished ones but never their sequences.
    /// </summary>
    public static ulong LastSequence(Ledger.Ledger ledger, ulong ns)
    {
        return ledger.HighestSequence(ns);
    }

    public static void Require(LedgerResult result)
    {
        if (!result.IsSuccess())
        {
            throw new InvalidOperationException($"The ledger refused the acquirer's own setup: {result}.");
        }
    }
}
