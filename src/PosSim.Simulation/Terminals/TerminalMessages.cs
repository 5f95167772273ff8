using System.Globalization;
using PosSim.Iso8583;

namespace PosSim.Simulation.Terminals;

/// <summary>A card as a terminal reads it: the number and the expiry date (YYMM).</summary>
public readonly record struct CardRead(string Pan, string Expiry);

/// <summary>
/// The messages one POS terminal sends, built the one way PosSim builds them: simulated terminals, the load
/// generator, tests and benchmarks all use this. The terminal keeps its own STAN sequence (1 to 999999, then 1
/// again) and batch number; times are the terminal's local time, given by the caller, so nothing here reads
/// a clock. Each method fills a message passed in (reused in hot loops) or returns a new one.
/// </summary>
/// <remarks>Not thread-safe: one terminal sends one message at a time.</remarks>
public sealed class TerminalMessages
{
    private const int MaxStan = 999_999;

    /// <summary>The fields a reversal repeats from the request it reverses.</summary>
    private static readonly int[] ReversalFields = [2, 3, 4, 7, 11, 12, 13, 14, 22, 41, 42, 49];

    public TerminalMessages(string terminalId, string merchantId, string currency = "156", int firstStan = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(terminalId);
        ArgumentException.ThrowIfNullOrEmpty(merchantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstStan, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstStan, MaxStan);
        TerminalId = terminalId;
        MerchantId = merchantId;
        Currency = currency;
        NextStan = firstStan;
    }

    public string TerminalId { get; }

    public string MerchantId { get; }

    /// <summary>ISO 4217 numeric currency of the terminal (field 49).</summary>
    public string Currency { get; }

    /// <summary>The STAN the next message will carry.</summary>
    public int NextStan { get; private set; }

    /// <summary>The terminal's open batch (field 60 is not sent; the switch counts batches itself).</summary>
    public int BatchNumber { get; private set; } = 1;

    /// <summary>Takes the next STAN: each message a terminal sends carries a new one.</summary>
    public int TakeStan()
    {
        var stan = NextStan;
        NextStan = stan == MaxStan ? 1 : stan + 1;
        return stan;
    }

    /// <summary>Fills <paramref name="message"/> with an 0200 purchase (processing code 000000) and returns its STAN.</summary>
    public int WritePurchase(IsoMessage message, CardRead card, long amountMinor, DateTimeOffset localTime, bool qr = false) =>
        WriteFinancial(message, ProcessingCodes.Purchase, card, amountMinor, localTime, originalRrn: null, qr);

    /// <summary>Fills <paramref name="message"/> with an 0200 refund (200000) of an earlier purchase, named by its RRN (field 37).</summary>
    public int WriteRefund(IsoMessage message, CardRead card, long amountMinor, string originalRrn, DateTimeOffset localTime, bool qr = false) =>
        WriteFinancial(message, ProcessingCodes.Refund, card, amountMinor, localTime, originalRrn, qr);

    /// <summary>Fills <paramref name="message"/> with an 0200 void (020000) of a purchase in the open batch, named by its RRN.</summary>
    public int WriteVoid(IsoMessage message, CardRead card, long amountMinor, string originalRrn, DateTimeOffset localTime) =>
        WriteFinancial(message, ProcessingCodes.Void, card, amountMinor, localTime, originalRrn);

    public IsoMessage Purchase(CardRead card, long amountMinor, DateTimeOffset localTime)
    {
        var message = new IsoMessage();
        WritePurchase(message, card, amountMinor, localTime);
        return message;
    }

    public IsoMessage Refund(CardRead card, long amountMinor, string originalRrn, DateTimeOffset localTime)
    {
        var message = new IsoMessage();
        WriteRefund(message, card, amountMinor, originalRrn, localTime);
        return message;
    }

    public IsoMessage Void(CardRead card, long amountMinor, string originalRrn, DateTimeOffset localTime)
    {
        var message = new IsoMessage();
        WriteVoid(message, card, amountMinor, originalRrn, localTime);
        return message;
    }

    /// <summary>
    /// The reversal of a request this terminal sent (0400, or 0420 as an advice): the original's fields and field 90
    /// naming it. It keeps the original's STAN, as terminals do, so the switch can also find it by STAN.
    /// </summary>
    public static IsoMessage Reversal(IsoMessage original, string mti = "0400")
    {
        ArgumentNullException.ThrowIfNull(original);
        var message = new IsoMessage(mti);
        original.CopyFieldsTo(message, ReversalFields);
        var originalMti = MessageTypes.Of(original) ?? "0200";
        message.Set(IsoMessage.FieldOriginalData,
            new OriginalData(originalMti, original.Stan ?? 0, original.GetString(IsoMessage.FieldTransmissionDateTime) ?? "").Format());
        return message;
    }

    /// <summary>
    /// An 0800: sign-on, sign-off or echo test. <paramref name="asHost"/> leaves field 41 out: the message is then
    /// about the link between two hosts (a switch signing on to another), not about this terminal.
    /// </summary>
    public IsoMessage Network(NetworkCode code, DateTimeOffset localTime, bool asHost = false)
    {
        var message = new IsoMessage("0800");
        message.Set(IsoMessage.FieldTransmissionDateTime, TransmissionTime(localTime));
        message.Stan = TakeStan();
        if (!asHost)
        {
            message.TerminalId = TerminalId;
        }

        message.Set(IsoMessage.FieldNetworkCode, code switch
        {
            NetworkCode.SignOn => "001",
            NetworkCode.SignOff => "002",
            _ => "301",
        });
        return message;
    }

    /// <summary>
    /// The 0500 that closes the batch with the terminal's own totals: debits (purchases) in fields 76 and 88,
    /// credits (refunds) in 74 and 86. The next batch opens.
    /// </summary>
    public IsoMessage BatchTotals(int debitCount, long debitAmountMinor, int creditCount, long creditAmountMinor, DateTimeOffset localTime)
    {
        var message = new IsoMessage("0500");
        message.Set(IsoMessage.FieldTransmissionDateTime, TransmissionTime(localTime));
        message.Stan = TakeStan();
        message.TerminalId = TerminalId;
        message.MerchantId = MerchantId;
        message.CurrencyCode = Currency;
        message.Set(76, debitCount.ToString("D10", CultureInfo.InvariantCulture));
        message.Set(88, debitAmountMinor.ToString("D16", CultureInfo.InvariantCulture));
        message.Set(74, creditCount.ToString("D10", CultureInfo.InvariantCulture));
        message.Set(86, creditAmountMinor.ToString("D16", CultureInfo.InvariantCulture));
        BatchNumber++;
        return message;
    }

    /// <summary>Field 7, MMDDhhmmss of <paramref name="localTime"/>.</summary>
    public static string TransmissionTime(DateTimeOffset localTime) =>
        localTime.ToString("MMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes again a financial request this terminal sent earlier (same STAN and time; <paramref name="transactionType"/>
    /// as in <see cref="ProcessingCodes"/>), so a reversal of it can be built without keeping every message sent.
    /// </summary>
    public void WriteFinancialAgain(IsoMessage message, string transactionType, CardRead card, long amountMinor, DateTimeOffset localTime, int stan, string? originalRrn, bool qr) =>
        WriteFinancial(message, transactionType, card, amountMinor, localTime, originalRrn, qr, stan);

    /// <summary>A time field formatted straight into the message: no string per request on the load generator's hot path.</summary>
    private static void SetTime(IsoMessage message, int field, DateTimeOffset localTime, string format)
    {
        Span<byte> ascii = stackalloc byte[16];
        if (!localTime.TryFormat(ascii, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The time format {format} does not fit in 16 characters.");
        }

        message.Set(field, ascii[..written]);
    }

    private int WriteFinancial(IsoMessage message, string transactionType, CardRead card, long amountMinor, DateTimeOffset localTime, string? originalRrn, bool qr = false, int? sameStan = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMinor);
        var stan = sameStan ?? TakeStan();
        message.Clear();
        message.Mti = "0200";
        message.Pan = card.Pan;
        message.ProcessingCode = transactionType + "0000";
        message.AmountMinor = amountMinor;
        SetTime(message, IsoMessage.FieldTransmissionDateTime, localTime, "MMddHHmmss");
        message.Stan = stan;
        SetTime(message, 12, localTime, "HHmmss");
        SetTime(message, 13, localTime, "MMdd");
        message.Set(14, card.Expiry);
        message.Set(22, qr ? "031" : "051"); // a scanned QR code (the switch books it as qr), or chip read with PIN capability
        if (originalRrn is not null)
        {
            message.Rrn = originalRrn;
        }

        message.TerminalId = TerminalId;
        message.MerchantId = MerchantId;
        message.CurrencyCode = Currency;
        return stan;
    }
}

/// <summary>Field 70 of an 0800.</summary>
public enum NetworkCode
{
    SignOn,
    SignOff,
    Echo,
}
