namespace PosSim.Core.Accounts;

/// <summary>
/// The ledger account ids PosSim uses, one 64-bit namespace per kind of account so an id says what it is
/// (and reads well in a support trace): cardholder N is <c>0x1_0000000000000000 + N</c>, and so on.
/// </summary>
public static class AccountIds
{
    private const ulong Cardholder = 1;
    private const ulong SchemeSettlement = 2;
    private const ulong AcquirerClearing = 3;
    private const ulong Merchant = 4;
    private const ulong FeeIncome = 5;
    private const ulong Funding = 6;

    /// <summary>Where the money that opens a test card's balance comes from (may go negative).</summary>
    public static UInt128 IssuerFunding { get; } = Make(Funding, 1);

    /// <summary>The card scheme's settlement account: authorisation holds move money here from cardholders.</summary>
    public static UInt128 Scheme { get; } = Make(SchemeSettlement, 1);

    /// <summary>The acquirer's clearing account: settlement from the scheme lands here before merchants are paid.</summary>
    public static UInt128 Clearing { get; } = Make(AcquirerClearing, 1);

    /// <summary>The acquirer's fee income (the merchant discount).</summary>
    public static UInt128 Fees { get; } = Make(FeeIncome, 1);

    public static UInt128 ForCardholder(int cardIndex) => Make(Cardholder, (ulong)cardIndex + 1);

    public static UInt128 ForMerchant(int merchantIndex) => Make(Merchant, (ulong)merchantIndex + 1);

    private static UInt128 Make(ulong kind, ulong n) => new(kind, n);
}
