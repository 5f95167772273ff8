namespace PosSim.Core.Issuer;

/// <summary>What the issuer approved, and what has happened to its hold since.</summary>
public enum AuthorizationStatus
{
    /// <summary>Money held on the card (a purchase) or promised to it (a refund), waiting for clearing.</summary>
    Held,

    /// <summary>Cancelled by a void or a reversal: the hold was released.</summary>
    Released,

    /// <summary>Cleared: the hold was posted and the money moved.</summary>
    Posted,
}

public enum AuthorizationKind
{
    Purchase,
    Refund,
}

/// <summary>
/// The issuer's record of one approval: which terminal request it answered (terminal, STAN and transmission
/// time, the keys a reversal's field 90 names), the ledger hold behind it, and its state.
/// </summary>
public sealed class Authorization
{
    internal Authorization(AuthorizationKey key, AuthorizationKind kind, UInt128 holdId, long amount, string approvalCode, string rrn, DateTimeOffset authorizedAt)
    {
        Key = key;
        AuthorizedAt = authorizedAt;
        Kind = kind;
        HoldId = holdId;
        Amount = amount;
        ApprovalCode = approvalCode;
        Rrn = rrn;
    }

    public AuthorizationKey Key { get; }

    public AuthorizationKind Kind { get; }

    public UInt128 HoldId { get; }

    public long Amount { get; }

    public string ApprovalCode { get; }

    public string Rrn { get; }

    public AuthorizationStatus Status { get; internal set; }

    /// <summary>When the issuer approved it (the ledger's clock when the hold was taken).</summary>
    public DateTimeOffset AuthorizedAt { get; }

    /// <summary>
    /// When clearing posted it or a void or reversal released it; null while held (an expired hold is judged from
    /// the ledger when forgetting, see <see cref="CardIssuer.ForgetFinishedBefore"/>).
    /// </summary>
    public DateTimeOffset? FinishedAt { get; internal set; }
}

/// <summary>How an original request is named: terminal (field 41), STAN (11) and transmission date and time (7).</summary>
public readonly record struct AuthorizationKey(string TerminalId, int Stan, string TransmissionDateTime);
