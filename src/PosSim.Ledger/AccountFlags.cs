using System.Diagnostics.CodeAnalysis;

namespace PosSim.Ledger;

/// <summary>
/// Account behaviour. Every account states its balance policy explicitly: exactly one of
/// <see cref="NoOverdraft"/> and <see cref="AllowNegative"/> must be set, so that no account
/// can overdraw by omission.
/// </summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "A [Flags] enum: the name says so, as in TigerBeetle's account and transfer flags.")]
public enum AccountFlags : ushort
{
    None = 0,

    /// <summary>
    /// The available balance may not go below zero: posted debits plus pending debits never exceed
    /// posted credits. Cardholder accounts; a breach is <see cref="LedgerResult.InsufficientFunds"/> (ISO 8583 response 51).
    /// </summary>
    NoOverdraft = 1,

    /// <summary>The balance may go negative (the scheme's settlement account, a merchant debited by a late refund).</summary>
    AllowNegative = 2,

    /// <summary>Any new transfer touching the account is rejected; releasing a hold (void, expiry) is still allowed.</summary>
    Frozen = 4,

    /// <summary>Permanently closed: every transfer touching it is rejected. Only an account with a zero balance and nothing pending can be closed.</summary>
    Closed = 8,
}
