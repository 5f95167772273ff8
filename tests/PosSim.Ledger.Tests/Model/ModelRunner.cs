using Microsoft.Extensions.Time.Testing;
using PosSim.Ledger.Storage;

namespace PosSim.Ledger.Tests.Model;

/// <summary>Runs one scenario against the real ledger (with a store) and the reference, comparing after every step.</summary>
internal sealed class ModelRunner
{
    private readonly Func<ILedgerStore> _openStore;
    private readonly FakeTimeProvider _clock = new();
    private readonly ReferenceLedger _model;
    private readonly LedgerCommitBatch _batch = new();
    private readonly List<TransferRequest> _sent = [];
    private readonly List<UInt128> _holds = [];
    private ILedgerStore _store;
    private Ledger _real;
    private object _committed;

    public ModelRunner(Func<ILedgerStore> openStore)
    {
        _openStore = openStore;
        _store = openStore();
        _real = Ledger.Rebuild(_store, _clock, new LedgerOptions { InitialAccountCapacity = 4, InitialTransferCapacity = 4 });
        _model = new ReferenceLedger(() => _clock.GetUtcNow().UtcTicks);
        _committed = _model.Snapshot();
    }

    /// <summary>Accounts 1-4 exist and 1-2 (no overdraft) hold money, so generated transfers mostly have something to move.</summary>
    public static IEnumerable<Op> Prologue()
    {
        yield return new CreateAccountOp(new AccountRequest(1, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft));
        yield return new CreateAccountOp(new AccountRequest(2, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft));
        yield return new CreateAccountOp(new AccountRequest(3, LedgerKind.Scheme, 156, AccountFlags.AllowNegative));
        yield return new CreateAccountOp(new AccountRequest(4, LedgerKind.Acquirer, 156, AccountFlags.AllowNegative));
        yield return new SubmitOp([TransferRequest.Single(1, 3, 1, 1_000, 156), TransferRequest.Single(2, 3, 2, 1_000, 156)]);
        yield return new CommitOp();
    }

    public void Run(IEnumerable<Op> ops)
    {
        try
        {
            int step = 0;
            foreach (var op in Prologue().Concat(ops))
            {
                Step(op, step++);
            }

            Step(new CommitOp(), step++);
            Step(new RestartOp(), step);
            CompareEverything();
        }
        finally
        {
            _store.Dispose();
        }
    }

    private void Step(Op op, int step)
    {
        switch (op)
        {
            case CreateAccountOp c:
                Same(_model.CreateAccount(c.Request), _real.CreateAccount(c.Request), op, step);
                break;
            case FreezeOp f:
                Same(_model.SetFrozen(f.AccountId, f.Frozen), f.Frozen ? _real.FreezeAccount(f.AccountId) : _real.UnfreezeAccount(f.AccountId), op, step);
                break;
            case CloseOp c:
                Same(_model.Close(c.AccountId), _real.CloseAccount(c.AccountId), op, step);
                break;
            case SubmitOp s:
                Submit(s.Requests, op, step);
                break;
            case RetryOp r when _sent.Count > 0:
                Submit([_sent[r.Nth % _sent.Count]], op, step);
                break;
            case AdvanceTimeOp a:
                _clock.Advance(TimeSpan.FromSeconds(a.Seconds));
                break;
            case ExpireDueOp:
                _model.ExpireDue();
                _real.ExpireDue();
                break;
            case CommitOp:
                _real.CommitTo(_store, _batch);
                _committed = _model.Snapshot();
                break;
            case RestartOp:
                _store.Dispose();
                _store = _openStore();
                _real = Ledger.Rebuild(_store, _clock);
                _model.Restore(_committed);
                CompareEverything();
                break;
        }

        CompareAccounts(op, step);
    }

    private void Submit(TransferRequest[] requests, Op op, int step)
    {
        requests = [.. requests.Select(BindHold)];
        _holds.AddRange(requests.Where(r => (r.Flags & TransferFlags.Pending) != 0).Select(r => r.Id));
        _sent.AddRange(requests.Where(r => (r.Flags & TransferFlags.Linked) == 0));
        var expected = _model.Submit(requests);
        LedgerResult[] actual;
        if (requests.Length == 1)
        {
            actual = [_real.Submit(requests[0])];
        }
        else
        {
            actual = new LedgerResult[requests.Length];
            _real.Submit(requests, actual);
        }

        Assert.True(expected.SequenceEqual(actual), $"step {step} {op}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }

    private TransferRequest BindHold(TransferRequest r)
    {
        if (r.PendingId < OpGenerators.HoldReference || r.PendingId > OpGenerators.HoldReference + 1000)
        {
            return r;
        }

        int nth = (int)(r.PendingId - OpGenerators.HoldReference);
        return r with { PendingId = _holds.Count == 0 ? 1 : _holds[^(1 + (nth % Math.Min(_holds.Count, 6)))] };
    }

    private static void Same(LedgerResult expected, LedgerResult actual, Op op, int step) =>
        Assert.True(expected == actual, $"step {step} {op}: expected {expected}, got {actual}");

    private void CompareAccounts(Op op, int step)
    {
        Assert.Equal(_model.Accounts.Count(), _real.AccountCount);
        foreach (var m in _model.Accounts)
        {
            Assert.True(_real.TryGetAccount(m.Id, out var a), $"step {step} {op}: account {m.Id} missing");
            var expected = new Account(m.Id, m.Ledger, m.Currency, m.Flags, m.UserData, m.Timestamp,
                new AccountBalance((long)m.Dp, (long)m.Cp, (long)m.Dq, (long)m.Cq));
            Assert.True(expected == a, $"step {step} {op}: account {m.Id} expected {expected}, got {a}");
        }

        Assert.Empty(_real.CheckInvariants());
    }

    private void CompareEverything()
    {
        Assert.Equal(_model.Transfers.Count(), _real.TransferCount);
        foreach (var m in _model.Transfers)
        {
            Assert.True(_real.TryGetTransfer(m.Request.Id, out var t));
            Assert.Equal(m.Expected(), t);
        }

        foreach (var a in _model.Accounts)
        {
            var expected = _model.Transfers.Where(t => t.Debit == a.Id || t.Credit == a.Id).Select(t => t.Request.Id);
            var actual = _real.GetAccountTransfers(a.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(t => t.Id);
            Assert.Equal(expected, actual);
        }

        Assert.Empty(_real.CheckInvariants(deep: true));
    }
}
