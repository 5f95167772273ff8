using System.Globalization;
using PosSim.Core.Accounts;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Ledger;

namespace PosSim.Core.Issuer;

/// <summary>
/// The issuer as a sans-IO state machine: ISO 8583 requests in, responses out, money held, released and moved in
/// the <see cref="Ledger.Ledger"/>. It authorises purchases with a hold on the cardholder's account, promises
/// refunds with a hold towards it, releases holds on voids and reversals, and posts them on clearing.
/// </summary>
/// <remarks>Not thread-safe: the host feeds it one message at a time, as it does the ledger.</remarks>
public sealed partial class CardIssuer
{
    private const ulong TransferNamespace = 0x1550E5; // "issue": keeps issuer transfer ids apart from others in the ledger
    private const ulong FundingNamespace = 0x1550E6;

    private static readonly int[] EchoedFields = [3, 4, 7, 11, 12, 13, 22, 32, 37, 41, 42, 49, 90];

    private readonly Ledger.Ledger _ledger;
    private readonly IssuerOptions _options;
    private readonly Dictionary<string, Card> _cards = new(StringComparer.Ordinal);
    private readonly FieldStrings _fieldStrings = new();
    private readonly Dictionary<AuthorizationKey, Authorization> _authorizations = [];
    private ulong _transferSequence;
    private long _approvalSequence;

    public CardIssuer(Ledger.Ledger ledger, IssuerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
        _options = options ?? new IssuerOptions();

        // A ledger rebuilt from its store already used this issuer's earlier ids, even those it has since forgotten: carry on after them.
        _transferSequence = ledger.HighestSequence(TransferNamespace);
    }

    /// <summary>
    /// Whether <paramref name="ledger"/> ever funded a card of an issuer: a rebuilt ledger may have forgotten the
    /// funding transfers themselves, but not that they were made.
    /// </summary>
    public static bool HasFunded(Ledger.Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.HighestSequence(FundingNamespace) > 0;
    }

    public IssuerOptions Options => _options;

    /// <summary>The ledger the issuer holds its cardholders' money in.</summary>
    public Ledger.Ledger Ledger => _ledger;

    public IReadOnlyCollection<Card> Cards => _cards.Values;

    public IReadOnlyCollection<Authorization> Authorizations => _authorizations.Values;

    /// <summary>
    /// Opens the issuer's own accounts (scheme settlement, funding) once. Safe to call again: the ledger
    /// answers Exists for accounts that are already there.
    /// </summary>
    public void OpenBooks()
    {
        Require(_ledger.CreateAccount(new AccountRequest(AccountIds.IssuerFunding, LedgerKind.Issuer, _options.Currency.NumericCode, AccountFlags.AllowNegative)));
        Require(_ledger.CreateAccount(new AccountRequest(AccountIds.Scheme, LedgerKind.Scheme, _options.Currency.NumericCode, AccountFlags.AllowNegative)));
    }

    /// <summary>Issues a card: opens its account (no overdraft) and funds it with <paramref name="openingBalance"/>.</summary>
    public Card AddCard(string pan, string expiry, long openingBalance)
    {
        ArgumentNullException.ThrowIfNull(pan);
        ArgumentNullException.ThrowIfNull(expiry);
        ArgumentOutOfRangeException.ThrowIfNegative(openingBalance);
        if (_cards.ContainsKey(pan))
        {
            throw new ArgumentException("That card is already issued.", nameof(pan));
        }

        var card = new Card(pan, expiry, AccountIds.ForCardholder(_cards.Count));
        Require(_ledger.CreateAccount(new AccountRequest(card.AccountId, LedgerKind.Issuer, _options.Currency.NumericCode, AccountFlags.NoOverdraft)));
        if (openingBalance > 0)
        {
            // Keyed by the card's place, so issuing the same cards again after a restart is an idempotent retry.
            var fundingId = new UInt128(FundingNamespace, (ulong)_cards.Count + 1);
            Require(_ledger.Submit(TransferRequest.Single(fundingId, AccountIds.IssuerFunding, card.AccountId, openingBalance, _options.Currency.NumericCode)));
        }

        _cards.Add(pan, card);
        return card;
    }

    public bool TryGetCard(string pan, out Card card) => _cards.TryGetValue(pan, out card!);

    /// <summary>The card's balance as the ledger holds it now.</summary>
    public AccountBalance BalanceOf(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return _ledger.TryGetBalance(card.AccountId, out var balance) ? balance : default;
    }

    /// <summary>Answers one request from the acquirer into <paramref name="response"/> (cleared first).</summary>
    public void Handle(IsoMessage request, IsoMessage response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        Replies.Begin(request, response, EchoedFields);
        var code = MessageTypes.Of(request) switch
        {
            "0100" or "0200" => Financial(request, response),
            "0220" or "0221" => Advice(request, response),
            "0400" or "0401" or "0420" or "0421" => Reverse(request),
            "0800" => ResponseCodes.Approved,
            _ => ResponseCodes.InvalidTransaction,
        };
        response.ResponseCode = code;
        Counters.Count(code);
    }

    /// <summary>Running counts of the answers given, for metrics.</summary>
    public IssuerCounters Counters { get; } = new();

    private string Financial(IsoMessage request, IsoMessage response)
    {
        var type = request.TryGet(IsoMessage.FieldProcessingCode, out var processingCode) && processingCode.Length == 6 ? ProcessingCodes.TypeOf(request) : null;
        return type switch
        {
            ProcessingCodes.Purchase => Authorize(request, response, AuthorizationKind.Purchase),
            ProcessingCodes.Refund => Authorize(request, response, AuthorizationKind.Refund),
            ProcessingCodes.Void => Void(request),
            _ => ResponseCodes.InvalidTransaction,
        };
    }

    /// <summary>
    /// An advice: a purchase a terminal approved offline. The issuer accepts it as it would have authorised it (a
    /// known, unexpired card, its currency, the balance to hold), and only within the stand-in limit: above it, no
    /// floor limit covered the terminal's approval and the issuer owes it nothing. A refusal leaves no authorisation,
    /// so clearing has nothing to post and the acquirer does not pay the merchant for it.
    /// </summary>
    private string Advice(IsoMessage request, IsoMessage response)
    {
        if (ProcessingCodes.TypeOf(request) != ProcessingCodes.Purchase)
        {
            return ResponseCodes.InvalidTransaction; // only purchases are approved offline
        }

        if (request.AmountMinor is > 0 and var amount && amount > _options.StandInLimitMinor)
        {
            return ResponseCodes.InvalidAmount;
        }

        return Authorize(request, response, AuthorizationKind.Purchase);
    }

    private string Authorize(IsoMessage request, IsoMessage response, AuthorizationKind kind)
    {
        if (_fieldStrings.Get(request, IsoMessage.FieldPan) is not { } pan || !_cards.TryGetValue(pan, out var card))
        {
            return ResponseCodes.InvalidCard;
        }

        if (card.IsExpiredOn(LocalDate()) || (request.TryGet(IsoMessage.FieldExpiry, out var expiry) && !System.Text.Ascii.Equals(expiry, card.Expiry)))
        {
            return ResponseCodes.ExpiredCard;
        }

        if (request.AmountMinor is not ( > 0 and var amount))
        {
            return ResponseCodes.InvalidAmount;
        }

        if (request.TryGetNumber(IsoMessage.FieldCurrency, out var currency) && currency != _options.Currency.NumericCode)
        {
            return ResponseCodes.InvalidTransaction;
        }

        if (KeyOf(request) is not { } key)
        {
            return ResponseCodes.InvalidTransaction;
        }

        if (_authorizations.TryGetValue(key, out var existing))
        {
            // A retransmission of a request already approved: answer the same, hold nothing more.
            if (existing.Amount != amount || existing.Kind != kind)
            {
                return ResponseCodes.Duplicate;
            }

            response.AuthCode = existing.ApprovalCode;
            return ResponseCodes.Approved;
        }

        if (SentBeforeForgetting(key))
        {
            return ResponseCodes.Duplicate; // perhaps a retransmission of an approval forgotten since: never hold twice
        }

        var holdId = NextTransferId();
        var hold = kind == AuthorizationKind.Purchase
            ? TransferRequest.Hold(holdId, card.AccountId, AccountIds.Scheme, amount, _options.Currency.NumericCode, _options.HoldTimeout)
            : TransferRequest.Hold(holdId, AccountIds.Scheme, card.AccountId, amount, _options.Currency.NumericCode, _options.HoldTimeout);
        var result = _ledger.Submit(hold);
        if (result != LedgerResult.Ok)
        {
            return result switch
            {
                LedgerResult.InsufficientFunds => ResponseCodes.InsufficientFunds,
                LedgerResult.Overflow => ResponseCodes.InvalidAmount,
                _ => ResponseCodes.DoNotHonour, // frozen or closed account, and the like
            };
        }

        var approval = NextApprovalCode();
        var authorization = new Authorization(key, kind, holdId, amount, approval, request.Rrn ?? "", _ledger.TimeProvider.GetUtcNow());
        _authorizations.Add(key, authorization);
        _newAuthorizations.Add(authorization);
        response.AuthCode = approval;
        return ResponseCodes.Approved;
    }

    private string Void(IsoMessage request)
    {
        if (OriginalOf(request) is not { } original)
        {
            return NotHeld(request);
        }

        if (request.AmountMinor is { } amount && amount != original.Amount)
        {
            return ResponseCodes.InvalidAmount; // a void cancels the whole original, never part of it
        }

        return Release(original);
    }

    private string Reverse(IsoMessage request) =>
        OriginalOf(request) is { } original ? Release(original) : NotHeld(request);

    /// <summary>
    /// A void or reversal whose original is not held: never approved (25), or approved before the forgetting horizon
    /// and forgotten once finished (12, as for an original cleared since: the money comes back by refund).
    /// </summary>
    private string NotHeld(IsoMessage request) =>
        OriginalKeyOf(request) is { } key && SentBeforeForgetting(key) ? ResponseCodes.InvalidTransaction : ResponseCodes.RecordNotFound;

    private string Release(Authorization original)
    {
        switch (original.Status)
        {
            case AuthorizationStatus.Released:
                return ResponseCodes.Approved; // already released: repeats of a reversal are normal
            case AuthorizationStatus.Posted:
                return ResponseCodes.InvalidTransaction; // cleared money comes back by refund, not by release
        }

        var result = _ledger.Submit(TransferRequest.Void(NextTransferId(), original.HoldId));
        if (result is LedgerResult.Ok or LedgerResult.PendingTransferAlreadyVoided or LedgerResult.PendingTransferExpired)
        {
            original.Status = AuthorizationStatus.Released;
            original.FinishedAt = _ledger.TimeProvider.GetUtcNow();
            return ResponseCodes.Approved;
        }

        return ResponseCodes.SystemError;
    }

    /// <summary>The original a void or reversal names in field 90 (original MTI, STAN, transmission time, ...).</summary>
    private Authorization? OriginalOf(IsoMessage request) =>
        OriginalKeyOf(request) is { } key ? _authorizations.GetValueOrDefault(key) : null;

    private AuthorizationKey? OriginalKeyOf(IsoMessage request) =>
        OriginalData.TryRead(request, out var original) && _fieldStrings.Get(request, IsoMessage.FieldTerminalId) is { } terminal
            ? new AuthorizationKey(terminal, original.Stan, original.TransmissionDateTime)
            : null;

    private AuthorizationKey? KeyOf(IsoMessage request) =>
        _fieldStrings.Get(request, IsoMessage.FieldTerminalId) is { } terminal && request.Stan is { } stan && _fieldStrings.Get(request, IsoMessage.FieldTransmissionDateTime) is { } sent
            ? new AuthorizationKey(terminal, stan, sent)
            : null;

    private DateOnly LocalDate() => DateOnly.FromDateTime(_options.Clock.Local(_ledger.TimeProvider.GetUtcNow()).DateTime);

    private UInt128 NextTransferId() => new(TransferNamespace, ++_transferSequence);

    /// <summary>The approvals counted so far: what a store keeps, so approval codes go on after a restart instead of starting again.</summary>
    public long ApprovalSequence => _approvalSequence;

    /// <summary>Carries on the approval codes after <paramref name="approvalSequence"/>, the count a previous run stored.</summary>
    public void ContinueApprovalsFrom(long approvalSequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(approvalSequence);
        _approvalSequence = Math.Max(_approvalSequence, approvalSequence);
    }

    /// <summary>
    /// Six characters that look random but are a seeded permutation of the approval counter: six digits for the first
    /// million, then a letter and five base-36 characters for the next 1,572,120,576 (field 38 is an-6), so no code
    /// repeats within 1,573,120,576 approvals in a row, whatever the day. The counter survives restarts.
    /// </summary>
    private string NextApprovalCode()
    {
        var n = ++_approvalSequence;
        var cycle = 1_000_000 + ReferenceNumbers.LetterTails;
        var k = (n - 1) % cycle; // 0-based place in the cycle
        if (k < 1_000_000)
        {
            var code = (((k + 1) * 387_979) + (_options.Seed % 1_000_000) + 1_000_000) % 1_000_000;
            return code.ToString("D6", CultureInfo.InvariantCulture);
        }

        // 387,979 is prime to 26 x 36^5 (= 2^11 x 3^10 x 13), so this too is a permutation.
        var m = k - 1_000_000;
        var letters = ReferenceNumbers.LetterTails;
        var scrambled = (long)((((Int128)m * 387_979) + (_options.Seed % letters) + letters) % letters);
        return ReferenceNumbers.LetterLed(scrambled);
    }

    private static void Require(LedgerResult result)
    {
        if (!result.IsSuccess())
        {
            throw new InvalidOperationException($"The ledger refused the issuer's own setup: {result}.");
        }
    }
}
