namespace PosSim.Ledger;

/// <summary>Which book an account belongs to. A label for reporting: transfers may cross books, currencies may not.</summary>
public enum LedgerKind : byte
{
    /// <summary>The issuer's cardholder accounts.</summary>
    Issuer = 1,

    /// <summary>The acquirer's merchant settlement accounts.</summary>
    Acquirer = 2,

    /// <summary>The scheme's settlement accounts between issuer and acquirer.</summary>
    Scheme = 3,
}
