using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Issuer;
using PosSim.Iso8583;
using PosSim.Ledger;
using PosSim.Simulation.Terminals;

namespace PosSim.Core.Tests.Issuer;

/// <summary>
/// A long-running issuer forgets approvals once finished and old, keeps open holds, and answers for what it forgot
/// without ever holding or charging a cardholder twice.
/// </summary>
public class IssuerRetentionTests
{
    private const string Pan = "4761739001010119";
    private static readonly CardRead Card = new(Pan, "2812");
    private static readonly TimeSpan Local = TimeSpan.FromHours(8);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private readonly Ledger.Ledger _ledger;
    private readonly CardIssuer _issuer;
    private readonly TerminalMessages _terminal = new("T0000001", "M001");

    public IssuerRetentionTests()
    {
        _ledger = new Ledger.Ledger(_clock);
        _issuer = new CardIssuer(_ledger);
        _issuer.OpenBooks();
        _issuer.AddCard(Pan, "2812", 1_000_000_00);
    }

    [Fact]
    public void Forgetting_drops_posted_released_and_expired_approvals_finished_before_the_cut_off_and_keeps_open_holds()
    {
        var posted = Approve(10_00);
        var released = Approve(20_00);
        var expired = Approve(30_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(posted)));
        Assert.Equal(ResponseCodes.Approved, Answer(TerminalMessages.Reversal(released)).ResponseCode);
        var start = _clock.GetUtcNow();

        Assert.Equal(0, _issuer.ForgetFinishedBefore(start)); // finished at the cut-off, not before it
        _clock.Advance(TimeSpan.FromDays(8));
        _ledger.ExpireDue();
        var open = Approve(40_00);
        var postedLater = Approve(50_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(postedLater)));

        Assert.Equal(3, _issuer.ForgetFinishedBefore(_clock.GetUtcNow()));

        Assert.Equal(new[] { KeyOf(open), KeyOf(postedLater) }, _issuer.Authorizations.Select(a => a.Key).OrderBy(k => k.Stan));
        Assert.DoesNotContain(_issuer.Authorizations, a => a.Key == KeyOf(expired));
        Assert.Equal(_clock.GetUtcNow(), _issuer.ForgottenBefore);
    }

    [Fact]
    public void Forgetting_keeps_an_open_hold_however_old_it_is()
    {
        var held = Approve(10_00);
        _clock.Advance(TimeSpan.FromDays(6)); // within the hold timeout: still open

        Assert.Equal(0, _issuer.ForgetFinishedBefore(_clock.GetUtcNow()));
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(held)));
    }

    [Fact]
    public void A_retransmission_of_a_forgotten_approval_is_answered_duplicate_and_holds_nothing()
    {
        var purchase = Approve(10_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(purchase)));
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, _issuer.ForgetFinishedBefore(_clock.GetUtcNow() - TimeSpan.FromDays(7)));
        var before = Balance();

        Assert.Equal(ResponseCodes.Duplicate, Answer(purchase).ResponseCode);

        Assert.Equal(before, Balance());
        Assert.Empty(_issuer.Authorizations);
    }

    [Fact]
    public void A_request_sent_after_the_forgetting_horizon_is_approved_as_before()
    {
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(Approve(10_00))));
        _clock.Advance(TimeSpan.FromDays(8));
        _issuer.ForgetFinishedBefore(_clock.GetUtcNow() - TimeSpan.FromDays(7));

        var fresh = _terminal.Purchase(Card, 20_00, _clock.GetUtcNow().ToOffset(Local));

        Assert.Equal(ResponseCodes.Approved, Answer(fresh).ResponseCode);
        Assert.Equal(-20_00, Balance().Pending);
    }

    [Fact]
    public void A_reversal_of_a_forgotten_original_is_answered_as_one_of_a_cleared_original_and_moves_nothing()
    {
        var purchase = Approve(10_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(purchase)));
        _clock.Advance(TimeSpan.FromDays(8));
        _issuer.ForgetFinishedBefore(_clock.GetUtcNow());
        var before = Balance();

        Assert.Equal(ResponseCodes.InvalidTransaction, Answer(TerminalMessages.Reversal(purchase)).ResponseCode);
        Assert.Equal(before, Balance());
    }

    [Fact]
    public void Clearing_a_forgotten_approval_again_posts_nothing()
    {
        var purchase = Approve(10_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(purchase)));
        _clock.Advance(TimeSpan.FromDays(8));
        _issuer.ForgetFinishedBefore(_clock.GetUtcNow());
        var before = Balance();

        Assert.Equal(LedgerResult.PendingTransferNotFound, _issuer.PostCleared(KeyOf(purchase)));
        Assert.Equal(before, Balance());
        Assert.Equal(1_000_000_00 - 10_00, before.Posted);
    }

    [Fact]
    public void An_issuer_that_never_forgets_approves_a_days_old_request_it_never_saw()
    {
        var old = _terminal.Purchase(Card, 10_00, _clock.GetUtcNow().ToOffset(Local));
        _clock.Advance(TimeSpan.FromDays(8));

        Assert.Null(_issuer.ForgottenBefore);
        Assert.Equal(ResponseCodes.Approved, Answer(old).ResponseCode);
    }

    [Fact]
    public void A_restart_reloads_only_approvals_whose_hold_is_still_open()
    {
        var posted = Approve(10_00);
        var released = Approve(20_00);
        var expiring = Approve(30_00);
        Assert.Equal(LedgerResult.Ok, _issuer.PostCleared(KeyOf(posted)));
        Answer(TerminalMessages.Reversal(released));
        _clock.Advance(TimeSpan.FromDays(8));
        _ledger.ExpireDue();
        var open = Approve(40_00);

        var restarted = new CardIssuer(_ledger);
        var restored = _issuer.Authorizations.OrderBy(a => a.Key.Stan)
            .Select(a => restarted.RestoreAuthorization(a.Key, a.Kind, a.HoldId, a.Amount, a.ApprovalCode, a.Rrn)).ToArray();

        Assert.Equal(new[] { false, false, false, true }, restored);
        var back = Assert.Single(restarted.Authorizations);
        Assert.Equal(KeyOf(open), back.Key);
        Assert.Equal(AuthorizationStatus.Held, back.Status);
        Assert.InRange(back.AuthorizedAt, _clock.GetUtcNow() - TimeSpan.FromSeconds(2), _clock.GetUtcNow()); // when its hold was taken
        Assert.NotEqual(KeyOf(expiring), back.Key);
    }

    [Theory]
    [InlineData("1231235959", "2027-01-01T00:30:00Z", "2026-12-31T23:59:59Z")]
    [InlineData("0101003000", "2026-12-31T23:00:00Z", "2027-01-01T00:30:00Z")]
    [InlineData("0302013000", "2026-03-02T01:00:00Z", "2026-03-02T01:30:00Z")]
    public void Field_7_is_read_in_the_year_nearest_now(string field7, string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            CardIssuer.TransmittedAt(field7, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Field_7_is_read_in_the_local_time_terminals_write_it_in() =>
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero),
            CardIssuer.TransmittedAt("0302093000", new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(8)));

    [Theory]
    [InlineData("")]
    [InlineData("1332000000")]
    [InlineData("02301200ab")]
    public void Field_7_that_is_no_date_is_never_taken_for_an_old_request(string field7) =>
        Assert.Null(CardIssuer.TransmittedAt(field7, DateTimeOffset.UnixEpoch));

    private IsoMessage Approve(long amount)
    {
        var request = _terminal.Purchase(Card, amount, _clock.GetUtcNow().ToOffset(Local));
        Assert.Equal(ResponseCodes.Approved, Answer(request).ResponseCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return request;
    }

    private IsoMessage Answer(IsoMessage request)
    {
        var response = new IsoMessage();
        _issuer.Handle(request, response);
        return response;
    }

    private AccountBalance Balance() => _issuer.TryGetCard(Pan, out var card) ? _issuer.BalanceOf(card) : default;

    private AuthorizationKey KeyOf(IsoMessage request) =>
        new(request.TerminalId!, request.Stan!.Value, request.GetString(IsoMessage.FieldTransmissionDateTime)!);
}
