using System.Text;

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

    // MTI strings are built once each: setting IsoMessage.Mti from a cached string allocates nothing.
    private static readonly string?[] Texts = new string?[10000];

    // The one set of MTI rules (ISO 8583:1987 digits: version, class, function, origin). The function digit is
    // odd for a response (0210 answers 0200); the origin digit is odd for a repeat (0421 repeats 0420 and is
    // answered by 0430). ASCII digits keep the parity of their value, so the rules work on the bytes.

    /// <summary>True when <paramref name="mti"/> is four digits with an even function digit: a request or advice, which can be answered.</summary>
    public static bool IsRequest(ReadOnlySpan<byte> mti) =>
        mti.Length == 4 && IsDigits(mti) && (mti[2] & 1) == 0;

    /// <summary>
    /// Writes the request class of <paramref name="mti"/> (four bytes) into <paramref name="destination"/>: the
    /// response bit of the function digit and the repeat bit of the origin digit cleared (0210 → 0200,
    /// 0430 → 0420, 0421 → 0420, 0810 → 0800, 0212 → 0202). A request and its answers share a class, which is
    /// how responses are matched to requests.
    /// </summary>
    public static void WriteRequestClass(ReadOnlySpan<byte> mti, Span<byte> destination)
    {
        mti[..4].CopyTo(destination);
        destination[2] = (byte)(mti[2] & 0xFE);
        destination[3] = (byte)(mti[3] & 0xFE);
    }

    /// <summary>The request class of a four-digit MTI (see <see cref="WriteRequestClass"/>); anything else is returned as it is.</summary>
    public static string RequestClassOf(string mti)
    {
        ArgumentNullException.ThrowIfNull(mti);
        if (mti.Length != 4 || !IsDigits(mti))
        {
            return mti;
        }

        Span<byte> digits = stackalloc byte[4];
        Span<byte> result = stackalloc byte[4];
        Encoding.ASCII.GetBytes(mti, digits);
        WriteRequestClass(digits, result);
        return Text(result);
    }

    /// <summary>
    /// The MTI that answers <paramref name="requestMti"/>: the function digit made odd and the repeat bit of the
    /// origin digit cleared (0200 → 0210, 0421 → 0430, 0800 → 0810). Null when it is not a request.
    /// </summary>
    public static string? ResponseTo(ReadOnlySpan<byte> requestMti)
    {
        if (!IsRequest(requestMti))
        {
            return null;
        }

        Span<byte> digits = stackalloc byte[4];
        requestMti.CopyTo(digits);
        digits[2] = (byte)(digits[2] | 1);
        digits[3] = (byte)(digits[3] & 0xFE);
        return Text(digits);
    }

    /// <summary>The MTI that answers <paramref name="mti"/>; null when it is a response already or not four digits.</summary>
    public static string? ResponseTo(string? mti)
    {
        if (mti is not { Length: 4 } || !IsDigits(mti))
        {
            return null;
        }

        Span<byte> digits = stackalloc byte[4];
        Encoding.ASCII.GetBytes(mti, digits);
        return ResponseTo(digits);
    }

    /// <summary>
    /// The MTI of <paramref name="message"/> as a string built once per MTI and then reused (reading
    /// <see cref="IsoMessage.Mti"/> makes a new string each time); null when it has no four-digit MTI.
    /// </summary>
    public static string? Of(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mti = message.MtiBytes;
        return mti.Length == 4 && IsDigits(mti) ? Text(mti) : null;
    }

    private static bool IsDigits(ReadOnlySpan<byte> mti)
    {
        foreach (var b in mti)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(string mti)
    {
        foreach (var c in mti)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Text(ReadOnlySpan<byte> digits)
    {
        var value = ((digits[0] - '0') * 1000) + ((digits[1] - '0') * 100) + ((digits[2] - '0') * 10) + (digits[3] - '0');
        return Texts[value] ??= Encoding.ASCII.GetString(digits);
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

    private static readonly string?[] Known = BuildKnown();

    /// <summary>
    /// Field 39 of <paramref name="message"/>: one of the constants above when it is one (no allocation), another
    /// string when it is not, null when absent.
    /// </summary>
    public static string? Of(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.TryGet(IsoMessage.FieldResponseCode, out var code))
        {
            return null;
        }

        if (code.Length == 2 && code[0] is >= (byte)'0' and <= (byte)'9' && code[1] is >= (byte)'0' and <= (byte)'9' &&
            Known[((code[0] - '0') * 10) + (code[1] - '0')] is { } known)
        {
            return known;
        }

        return message.GetString(IsoMessage.FieldResponseCode);
    }

    private static string?[] BuildKnown()
    {
        var known = new string?[100];
        foreach (var code in (string[])[Approved, DoNotHonour, InvalidTransaction, InvalidAmount, InvalidCard, RecordNotFound, FormatError,
            InsufficientFunds, ExpiredCard, NotPermittedToTerminal, ResponseReceivedTooLate, IssuerInoperative, Duplicate, ReconcileError, SystemError])
        {
            known[int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)] = code;
        }

        return known;
    }

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

    /// <summary>
    /// The transaction type of <paramref name="message"/>, the first two digits of field 3, as one of the constants
    /// above (no allocation); null when field 3 is missing, shorter than two characters, or of another type.
    /// </summary>
    public static string? TypeOf(IsoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.TryGet(IsoMessage.FieldProcessingCode, out var value) || value.Length < 2)
        {
            return null;
        }

        return (value[0], value[1]) switch
        {
            ((byte)'0', (byte)'0') => Purchase,
            ((byte)'0', (byte)'2') => Void,
            ((byte)'2', (byte)'0') => Refund,
            ((byte)'3', (byte)'1') => BalanceInquiry,
            _ => null,
        };
    }

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
