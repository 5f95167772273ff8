using FsCheck;
using FsCheck.Fluent;

namespace PosSim.Ledger.Tests.Model;

/// <summary>One step of a generated scenario. Ids come from small ranges so that they collide often.</summary>
internal abstract record Op;

internal sealed record CreateAccountOp(AccountRequest Request) : Op;

internal sealed record FreezeOp(UInt128 AccountId, bool Frozen) : Op;

internal sealed record CloseOp(UInt128 AccountId) : Op;

/// <summary>One transfer, or a batch of several (possibly linked) when there is more than one.</summary>
internal sealed record SubmitOp(TransferRequest[] Requests) : Op
{
    public override string ToString() => $"Submit[{string.Join(", ", Requests.Select(Describe))}]";

    private static string Describe(TransferRequest r) =>
        $"{r.Flags} id={r.Id} dr={r.DebitAccountId} cr={r.CreditAccountId} amt={r.Amount} cur={r.Currency} pid={r.PendingId} to={r.Timeout.TotalSeconds}s code={r.Code}";
}

/// <summary>Resubmits the n-th earlier request verbatim: the client retry.</summary>
internal sealed record RetryOp(int Nth) : Op;

internal sealed record AdvanceTimeOp(int Seconds) : Op;

internal sealed record ExpireDueOp : Op;

/// <summary>Commits what changed since the last commit to the store.</summary>
internal sealed record CommitOp : Op;

/// <summary>Throws the ledger away and rebuilds it from the store: whatever was not committed is lost.</summary>
internal sealed record RestartOp : Op;

internal static class OpGenerators
{
    private const ushort Cny = 156;
    private const ushort Usd = 840;

    private static readonly Gen<UInt128> AccountId = Gen.Frequency(
        (20, Gen.Choose(1, 6).Select(i => (UInt128)i)),
        (1, Gen.Constant(UInt128.Zero)));

    private static readonly Gen<UInt128> TransferId = Gen.Frequency(
        (30, Gen.Choose(1, 80).Select(i => (UInt128)(1000 + i))),
        (1, Gen.Elements(UInt128.Zero, UInt128.MaxValue)));

    private static readonly Gen<ushort> Currency = Gen.Frequency((12, Gen.Constant(Cny)), (2, Gen.Constant(Usd)), (1, Gen.Constant((ushort)0)));

    private static readonly Gen<long> Amount = Gen.Frequency(
        (20, Gen.Choose(1, 500).Select(i => (long)i)),
        (2, Gen.Choose(-2, 0).Select(i => (long)i)),
        (2, Gen.Elements(long.MaxValue, long.MaxValue / 2, long.MaxValue - 1)));

    private static readonly Gen<TimeSpan> Timeout = Gen.Elements(0, 0, 30, 60, 120).Select(s => TimeSpan.FromSeconds(s));

    private static readonly Gen<AccountFlags> Flags = Gen.Frequency(
        (6, Gen.Constant(AccountFlags.NoOverdraft)),
        (6, Gen.Constant(AccountFlags.AllowNegative)),
        (1, Gen.Constant(AccountFlags.AllowNegative | AccountFlags.Frozen)),
        (1, Gen.Elements(AccountFlags.None, AccountFlags.NoOverdraft | AccountFlags.AllowNegative, AccountFlags.Closed | AccountFlags.NoOverdraft)));

    private static readonly Gen<Op> CreateAccount =
        from id in AccountId
        from ledger in Gen.Elements(LedgerKind.Issuer, LedgerKind.Acquirer, LedgerKind.Scheme)
        from currency in Gen.Frequency((8, Gen.Constant(Cny)), (1, Gen.Constant(Usd)))
        from flags in Flags
        from userData in Gen.Choose(0, 1)
        select (Op)new CreateAccountOp(new AccountRequest(id, ledger, currency, flags, (UInt128)userData));

    private static readonly Gen<TransferRequest> NewTransfer =
        from id in TransferId
        from debit in AccountId
        from credit in AccountId
        from amount in Amount
        from currency in Currency
        from hold in Gen.Frequency((1, Gen.Constant(false)), (1, Gen.Constant(true)))
        from timeout in Timeout
        from code in Gen.Choose(0, 1)
        select hold
            ? TransferRequest.Hold(id, debit, credit, amount, currency, timeout) with { Code = (ushort)code }
            : TransferRequest.Single(id, debit, credit, amount, currency) with { Code = (ushort)code };

    /// <summary>A PendingId at or above this names the n-th hold sent so far (bound when the step runs), so posts and voids mostly find a hold.</summary>
    public static readonly UInt128 HoldReference = UInt128.One << 100;

    private static readonly Gen<UInt128> PendingId = Gen.Frequency(
        (1, TransferId),
        (4, Gen.Choose(0, 1000).Select(n => HoldReference + (UInt128)n)));

    private static readonly Gen<TransferRequest> Resolution =
        from id in TransferId
        from pending in PendingId
        from post in Gen.Elements(true, true, false)
        from amount in Gen.Frequency((4, Gen.Constant(0L)), (3, Gen.Choose(1, 500).Select(i => (long)i)), (1, Gen.Constant(-1L)))
        from naming in Gen.Choose(0, 6)
        select Name(post ? TransferRequest.Post(id, pending, amount) : TransferRequest.Void(id, pending) with { Amount = amount }, naming);

    private static readonly Gen<TransferRequest> Odd =
        from request in NewTransfer
        from flags in Gen.Elements(TransferFlags.Pending | TransferFlags.VoidPending, (TransferFlags)0x20)
        select request with { Flags = flags };

    private static readonly Gen<TransferRequest> Request = Gen.Frequency((10, NewTransfer), (8, Resolution), (1, Odd));

    private static readonly Gen<Op> Submit = Gen.Frequency(
        (6, Request.Select(r => new[] { r })),
        (2, from n in Gen.Choose(2, 4)
            from requests in Request.ArrayOf(n)
            from links in Gen.Elements(true, true, false).ArrayOf(n)
            from open in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
            select requests.Select((r, i) => (i < n - 1 ? links[i] : open) ? r.AsLinked() : r).ToArray()))
        .Select(rs => (Op)new SubmitOp(rs));

    public static readonly Gen<Op> Op = Gen.Frequency(
        (2, CreateAccount),
        (1, from id in AccountId from frozen in Gen.Elements(true, false) select (Op)new FreezeOp(id, frozen)),
        (1, AccountId.Select(id => (Op)new CloseOp(id))),
        (16, Submit),
        (3, Gen.Choose(0, 1000).Select(n => (Op)new RetryOp(n))),
        (2, Gen.Elements(1, 10, 31, 59, 61, 121).Select(s => (Op)new AdvanceTimeOp(s))),
        (1, Gen.Constant((Op)new ExpireDueOp())),
        (3, Gen.Constant((Op)new CommitOp())),
        (1, Gen.Constant((Op)new RestartOp())));

    /// <summary>Scenarios start by funding a few accounts so that most transfers have money to move.</summary>
    public static readonly Gen<Op[]> Scenario = Gen.Sized(size => Op.ArrayOf(Math.Clamp(size, 5, 120)));

    public static Arbitrary<Op[]> Arbitrary() => Arb.From(Scenario, Shrink);

    /// <summary>Shrinks by dropping halves, then single steps: ids are literal, so a shorter scenario stays meaningful.</summary>
    internal static IEnumerable<Op[]> Shrink(Op[] ops)
    {
        if (ops.Length > 8)
        {
            yield return ops[..(ops.Length / 2)];
            yield return ops[(ops.Length / 2)..];
        }

        for (int i = ops.Length - 1; i >= 0; i--)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }
    }

    /// <summary>Posts and voids sometimes name the hold's accounts and currency, sometimes wrongly.</summary>
    private static TransferRequest Name(TransferRequest r, int naming) => naming switch
    {
        1 => r with { Currency = Cny },
        2 => r with { Currency = Usd },
        3 => r with { DebitAccountId = 1 },
        4 => r with { CreditAccountId = 2 },
        _ => r,
    };
}
