namespace PosSim.Iso8583;

/// <summary>Names of the ISO 8583:1987 message types PosSim speaks, for people reading logs and tables.</summary>
public static class MessageTypes
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["0100"] = "Authorisation request",
        ["0110"] = "Authorisation response",
        ["0120"] = "Authorisation advice",
        ["0130"] = "Authorisation advice response",
        ["0200"] = "Financial transaction request",
        ["0210"] = "Financial transaction response",
        ["0220"] = "Financial transaction advice",
        ["0221"] = "Financial transaction advice repeat",
        ["0230"] = "Financial transaction advice response",
        ["0400"] = "Reversal request",
        ["0401"] = "Reversal request repeat",
        ["0410"] = "Reversal response",
        ["0420"] = "Reversal advice",
        ["0421"] = "Reversal advice repeat",
        ["0430"] = "Reversal advice response",
        ["0500"] = "Batch settlement (reconciliation) request",
        ["0510"] = "Batch settlement (reconciliation) response",
        ["0800"] = "Network management request",
        ["0810"] = "Network management response",
    };

    /// <summary>
    /// The MTI that answers <paramref name="mti"/>: the third digit (function) goes from request or advice to its
    /// response and the repeat digit is cleared (0200 → 0210, 0421 → 0430, 0800 → 0810). Null when
    /// <paramref name="mti"/> is not a request (a response already, or not four digits).
    /// </summary>
    public static string? ResponseTo(string? mti) =>
        mti is { Length: 4 } && mti[2] is >= '0' and <= '8' && (mti[2] - '0') % 2 == 0 && char.IsAsciiDigit(mti[3])
            ? string.Concat(mti.AsSpan(0, 2), ((char)(mti[2] + 1)).ToString(), "0")
            : null;

    /// <summary>
    /// The request an MTI belongs to, the part of it responses are matched on: 0200, 0210 and 0201 are all 0200;
    /// 0420, 0421 and 0430 are all 0420.
    /// </summary>
    public static string RequestClassOf(string mti)
    {
        ArgumentNullException.ThrowIfNull(mti);
        return mti.Length == 4 && char.IsAsciiDigit(mti[2])
            ? string.Concat(mti.AsSpan(0, 2), ((char)('0' + ((mti[2] - '0') & ~1))).ToString(), "0")
            : mti;
    }

    /// <summary>A name for <paramref name="mti"/>, built from its digits when it is not a common one.</summary>
    public static string Describe(string? mti)
    {
        if (mti is null)
        {
            return "(no MTI)";
        }

        if (Names.TryGetValue(mti, out var name))
        {
            return name;
        }

        var cls = mti.Length == 4 ? mti[1] switch
        {
            '1' => "authorisation",
            '2' => "financial",
            '3' => "file action",
            '4' => "reversal",
            '5' => "reconciliation",
            '6' => "administrative",
            '7' => "fee collection",
            '8' => "network management",
            _ => "unknown class",
        } : "malformed";
        return $"{cls} message";
    }
}

/// <summary>The response codes (field 39) PosSim's switch and issuer use, with their meaning.</summary>
public static class ResponseCodes
{
    public const string Approved = "00";
    public const string DoNotHonour = "05";
    public const string InvalidTransaction = "12";
    public const string InvalidAmount = "13";
    public const string InvalidCard = "14";
    public const string RecordNotFound = "25";
    public const string FormatError = "30";
    public const string InsufficientFunds = "51";
    public const string ExpiredCard = "54";
    public const string NotPermittedToTerminal = "58";
    public const string ResponseReceivedTooLate = "68";
    public const string IssuerInoperative = "91";
    public const string Duplicate = "94";
    public const string ReconcileError = "95";
    public const string SystemError = "96";

    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        [Approved] = "Approved",
        [DoNotHonour] = "Do not honour",
        [InvalidTransaction] = "Invalid transaction",
        [InvalidAmount] = "Invalid amount",
        [InvalidCard] = "Invalid card number",
        [RecordNotFound] = "Original record not found",
        [FormatError] = "Format error",
        [InsufficientFunds] = "Insufficient funds",
        [ExpiredCard] = "Expired card",
        [NotPermittedToTerminal] = "Transaction not permitted to terminal",
        [ResponseReceivedTooLate] = "Response received too late",
        [IssuerInoperative] = "Issuer or switch inoperative",
        [Duplicate] = "Duplicate transmission",
        [ReconcileError] = "Reconcile error (batch totals out of balance)",
        [SystemError] = "System malfunction",
    };

    public static string Describe(string? code) =>
        code is not null && Meanings.TryGetValue(code, out var meaning) ? meaning : "Unknown response code";
}

/// <summary>The first two digits of the processing code (field 3): the transaction type.</summary>
public static class ProcessingCodes
{
    public const string Purchase = "00";
    public const string Void = "02";
    public const string Refund = "20";
    public const string BalanceInquiry = "31";

    public static string Describe(string? processingCode) => processingCode is { Length: >= 2 }
        ? processingCode[..2] switch
        {
            Purchase => "Purchase",
            Void => "Void",
            Refund => "Refund",
            "01" => "Cash withdrawal",
            "09" => "Purchase with cashback",
            BalanceInquiry => "Balance inquiry",
            "38" => "Mini statement",
            "40" => "Transfer",
            "18" => "Reversal (private use)",
            _ => "Other transaction type",
        }
        : "(no processing code)";
}
