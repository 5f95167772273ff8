using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PosSim.Ledger.Internal;

namespace PosSim.Ledger;

public sealed partial class Ledger
{
    private const TransferFlags KindFlags = TransferFlags.Pending | TransferFlags.PostPending | TransferFlags.VoidPending;
    private const TransferFlags ResolutionFlags = TransferFlags.PostPending | TransferFlags.VoidPending;
    private const TransferFlags KnownTransferFlags = TransferFlags.Linked | KindFlags;

    /// <summary>
    /// Applies one transfer (a chain of one). It may not carry the Linked flag: a chain needs a batch.
    /// </summary>
    public LedgerResult Submit(in TransferRequest request)
    {
        long now = Now();
        ExpireDue(now);
        if ((request.Flags & TransferFlags.Linked) != 0)
        {
            return LedgerResult.LinkedChainOpen;
        }

        int mark = _transferCount;
        var result = Apply(in request, now);
        if (result == LedgerResult.Ok)
        {
            ScheduleExpiries(mark);
        }

        return result;
    }

    /// <summary>
    /// Applies a batch in order, one result per request. Consecutive requests flagged Linked form a
    /// chain with the first unflagged request after them: the chain applies all or nothing. Within a
    /// chain, Exists counts as success (a retried chain reports Exists throughout).
    /// </summary>
    public void Submit(ReadOnlySpan<TransferRequest> requests, Span<LedgerResult> results)
    {
        if (results.Length < requests.Length)
        {
            ThrowHelper.ThrowArgument("Need one result slot per request.", nameof(results));
        }

        long now = Now();
        ExpireDue(now);

        int i = 0;
        while (i < requests.Length)
        {
            int end = i;
            while (end < requests.Length && (requests[end].Flags & TransferFlags.Linked) != 0)
            {
                end++;
            }

            if (end == requests.Length)
            {
                // The last request says "linked to the next", and there is none: the chain cannot close.
                results[i..requests.Length].Fill(LedgerResult.LinkedEventFailed);
                results[requests.Length - 1] = LedgerResult.LinkedChainOpen;
                return;
            }

            ApplyChain(requests[i..(end + 1)], results[i..(end + 1)], now);
            i = end + 1;
        }
    }

    private void ApplyChain(ReadOnlySpan<TransferRequest> chain, Span<LedgerResult> results, long now)
    {
        int mark = _transferCount;
        long lastTimestamp = _lastTimestamp;
        for (int k = 0; k < chain.Length; k++)
        {
            var result = Apply(in chain[k], now);
            results[k] = result;
            if (!result.IsSuccess())
            {
                if (chain.Length > 1)
                {
                    Rollback(mark, lastTimestamp);
                    for (int j = 0; j < chain.Length; j++)
                    {
                        if (j != k)
                        {
                            results[j] = LedgerResult.LinkedEventFailed;
                        }
                    }
                }

                return;
            }
        }

        ScheduleExpiries(mark);
    }

    private LedgerResult Apply(in TransferRequest r, long now)
    {
        var invalid = Validate(in r);
        if (invalid != LedgerResult.Ok)
        {
            return invalid;
        }

        // One hash operation on the success path: reserve the id's entry now, fill or remove it below.
        ref int entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_transferIndex, r.Id, out bool exists);
        if (exists)
        {
            return CompareExisting(entry, in r);
        }

        var result = (r.Flags & ResolutionFlags) != 0 ? ApplyResolution(in r, now) : ApplyNew(in r, now);
        if (result == LedgerResult.Ok)
        {
            entry = _transferCount - 1;
        }
        else
        {
            _transferIndex.Remove(r.Id);
        }

        return result;
    }

    /// <summary>Checks that need no state, so that a retry of a valid request always reaches the Exists check.</summary>
    private static LedgerResult Validate(in TransferRequest r)
    {
        if (r.Id == UInt128.Zero || r.Id == UInt128.MaxValue)
        {
            return LedgerResult.InvalidId;
        }

        var kind = r.Flags & KindFlags;
        int bits = (int)kind;
        if ((r.Flags & ~KnownTransferFlags) != 0 || (bits & (bits - 1)) != 0)
        {
            return LedgerResult.InvalidFlags;
        }

        if ((kind & ResolutionFlags) != 0)
        {
            if (r.PendingId == UInt128.Zero)
            {
                return LedgerResult.PendingIdRequired;
            }

            if (r.Timeout != TimeSpan.Zero)
            {
                return LedgerResult.InvalidTimeout;
            }

            return r.Amount < 0 ? LedgerResult.AmountMustBePositive : LedgerResult.Ok;
        }

        if (r.PendingId != UInt128.Zero)
        {
            return LedgerResult.PendingIdMustBeZero;
        }

        if (r.Timeout < TimeSpan.Zero || (r.Timeout != TimeSpan.Zero && kind != TransferFlags.Pending))
        {
            return LedgerResult.InvalidTimeout;
        }

        if (r.Amount <= 0)
        {
            return LedgerResult.AmountMustBePositive;
        }

        if (r.Currency is 0 or > 999)
        {
            return LedgerResult.InvalidCurrency;
        }

        return r.DebitAccountId == r.CreditAccountId ? LedgerResult.AccountsMustBeDifferent : LedgerResult.Ok;
    }

    private LedgerResult CompareExisting(int index, in TransferRequest r)
    {
        ref readonly var t = ref _transfers[index];
        bool same = t.Flags == r.Flags && t.Code == r.Code && t.UserData == r.UserData && t.PendingId == r.PendingId
            && t.TimeoutTicks == r.Timeout.Ticks;
        if (same && t.IsResolution)
        {
            // A post or void may leave accounts, currency and amount at zero: "the hold's".
            same = (r.DebitAccountId == UInt128.Zero || r.DebitAccountId == t.DebitAccountId)
                && (r.CreditAccountId == UInt128.Zero || r.CreditAccountId == t.CreditAccountId)
                && (r.Currency == 0 || r.Currency == t.Currency)
                && (r.Amount == 0 || r.Amount == t.Amount);
        }
        else if (same)
        {
            same = r.DebitAccountId == t.DebitAccountId && r.CreditAccountId == t.CreditAccountId
                && r.Currency == t.Currency && r.Amount == t.Amount;
        }

        return same ? LedgerResult.Exists : LedgerResult.ExistsWithDifferentFields;
    }

    private LedgerResult ApplyNew(in TransferRequest r, long now)
    {
        if (!_accountIndex.TryGetValue(r.DebitAccountId, out int di))
        {
            return LedgerResult.DebitAccountNotFound;
        }

        if (!_accountIndex.TryGetValue(r.CreditAccountId, out int ci))
        {
            return LedgerResult.CreditAccountNotFound;
        }

        ref var d = ref _accounts[di];
        ref var c = ref _accounts[ci];
        var refusal = CheckAccounts(in d, in c, r.Currency);
        if (refusal != LedgerResult.Ok)
        {
            return refusal;
        }

        long amount = r.Amount;

        // Posted plus pending must fit on each side; that keeps every field and every balance in range.
        if (amount > long.MaxValue - d.DebitsPosted - d.DebitsPending || amount > long.MaxValue - c.CreditsPosted - c.CreditsPending)
        {
            return LedgerResult.Overflow;
        }

        bool pending = (r.Flags & TransferFlags.Pending) != 0;
        long timestamp = PeekTimestamp(now);
        if (pending && r.Timeout.Ticks > long.MaxValue - timestamp)
        {
            return LedgerResult.Overflow;
        }

        if ((d.Flags & AccountFlags.NoOverdraft) != 0 && d.DebitsPosted + d.DebitsPending + amount > d.CreditsPosted)
        {
            return LedgerResult.InsufficientFunds;
        }

        EnsureTransferCapacity();
        int ti = _transferCount++;
        ref var t = ref _transfers[ti];
        t.Id = r.Id;
        t.DebitAccountId = r.DebitAccountId;
        t.CreditAccountId = r.CreditAccountId;
        t.PendingId = UInt128.Zero;
        t.UserData = r.UserData;
        t.Amount = amount;
        t.TimeoutTicks = r.Timeout.Ticks;
        t.Timestamp = NextTimestamp(now);
        t.Currency = r.Currency;
        t.Code = r.Code;
        t.Flags = r.Flags;
        t.PendingIndex = -1;
        Link(ref t, ti, di, ci);

        if (pending)
        {
            t.Status = TransferStatus.Pending;
            d.DebitsPending += amount;
            c.CreditsPending += amount;
        }
        else
        {
            t.Status = TransferStatus.Posted;
            d.DebitsPosted += amount;
            c.CreditsPosted += amount;
        }

        return LedgerResult.Ok;
    }

    private LedgerResult ApplyResolution(in TransferRequest r, long now)
    {
        // The transfer's own id is already reserved in the index (see Apply), so it must not count as found.
        if (r.PendingId == r.Id || !_transferIndex.TryGetValue(r.PendingId, out int pi))
        {
            return LedgerResult.PendingTransferNotFound;
        }

        var refusal = CheckResolution(in _transfers[pi], in r);
        if (refusal != LedgerResult.Ok)
        {
            return refusal;
        }

        bool post = (r.Flags & TransferFlags.PostPending) != 0;
        EnsureTransferCapacity();
        int ti = _transferCount++;
        ref var p = ref _transfers[pi];
        ref var t = ref _transfers[ti];
        ref var d = ref _accounts[p.DebitIndex];
        ref var c = ref _accounts[p.CreditIndex];
        long amount = post && r.Amount != 0 ? r.Amount : p.Amount;

        t.Id = r.Id;
        t.DebitAccountId = p.DebitAccountId;
        t.CreditAccountId = p.CreditAccountId;
        t.PendingId = r.PendingId;
        t.UserData = r.UserData;
        t.Amount = amount;
        t.TimeoutTicks = 0;
        t.Timestamp = NextTimestamp(now);
        t.Currency = p.Currency;
        t.Code = r.Code;
        t.Flags = r.Flags;
        t.PendingIndex = pi;
        Link(ref t, ti, p.DebitIndex, p.CreditIndex);

        d.DebitsPending -= p.Amount;
        c.CreditsPending -= p.Amount;
        if (post)
        {
            d.DebitsPosted += amount;
            c.CreditsPosted += amount;
            p.Status = TransferStatus.Posted;
            t.Status = TransferStatus.Posted;
        }
        else
        {
            p.Status = TransferStatus.Voided;
            t.Status = TransferStatus.Voided;
        }

        return LedgerResult.Ok;
    }

    private LedgerResult CheckResolution(in TransferSlot p, in TransferRequest r)
    {
        if (!p.IsPending)
        {
            return LedgerResult.PendingTransferNotPending;
        }

        if ((r.DebitAccountId != UInt128.Zero && r.DebitAccountId != p.DebitAccountId)
            || (r.CreditAccountId != UInt128.Zero && r.CreditAccountId != p.CreditAccountId))
        {
            return LedgerResult.PendingTransferAccountMismatch;
        }

        if (r.Currency != 0 && r.Currency != p.Currency)
        {
            return LedgerResult.CurrencyMismatch;
        }

        switch (p.Status)
        {
            case TransferStatus.Posted:
                return LedgerResult.PendingTransferAlreadyPosted;
            case TransferStatus.Voided:
                return LedgerResult.PendingTransferAlreadyVoided;
            case TransferStatus.Expired:
                return LedgerResult.PendingTransferExpired;
        }

        if ((r.Flags & TransferFlags.VoidPending) != 0)
        {
            // Releasing a hold moves no money, so it is allowed on a frozen account.
            return r.Amount != 0 && r.Amount != p.Amount ? LedgerResult.VoidAmountMismatch : LedgerResult.Ok;
        }

        if (r.Amount > p.Amount)
        {
            return LedgerResult.PostAmountExceedsPending;
        }

        // Posting needs no overflow or funds check: the hold already reserved at least this much.
        return CheckAccounts(in _accounts[p.DebitIndex], in _accounts[p.CreditIndex], p.Currency);
    }

    private static LedgerResult CheckAccounts(in AccountSlot d, in AccountSlot c, ushort currency)
    {
        if (d.Currency != currency || c.Currency != currency)
        {
            return LedgerResult.CurrencyMismatch;
        }

        var either = d.Flags | c.Flags;
        if ((either & (AccountFlags.Closed | AccountFlags.Frozen)) == 0)
        {
            return LedgerResult.Ok;
        }

        if ((d.Flags & AccountFlags.Closed) != 0)
        {
            return LedgerResult.DebitAccountClosed;
        }

        if ((c.Flags & AccountFlags.Closed) != 0)
        {
            return LedgerResult.CreditAccountClosed;
        }

        return (d.Flags & AccountFlags.Frozen) != 0 ? LedgerResult.DebitAccountFrozen : LedgerResult.CreditAccountFrozen;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Link(ref TransferSlot t, int ti, int di, int ci)
    {
        t.DebitIndex = di;
        t.CreditIndex = ci;
        ref var d = ref _accounts[di];
        ref var c = ref _accounts[ci];
        t.PrevOfDebit = d.LastTransfer;
        t.PrevOfCredit = c.LastTransfer;
        d.LastTransfer = ti;
        c.LastTransfer = ti;
    }

    /// <summary>Undoes every transfer from <paramref name="mark"/> on, newest first: a failed linked chain leaves no trace.</summary>
    private void Rollback(int mark, long lastTimestamp)
    {
        for (int i = _transferCount - 1; i >= mark; i--)
        {
            ref var t = ref _transfers[i];
            ref var d = ref _accounts[t.DebitIndex];
            ref var c = ref _accounts[t.CreditIndex];
            if (t.IsPending)
            {
                d.DebitsPending -= t.Amount;
                c.CreditsPending -= t.Amount;
            }
            else if (t.IsResolution)
            {
                ref var p = ref _transfers[t.PendingIndex];
                d.DebitsPending += p.Amount;
                c.CreditsPending += p.Amount;
                if ((t.Flags & TransferFlags.PostPending) != 0)
                {
                    d.DebitsPosted -= t.Amount;
                    c.CreditsPosted -= t.Amount;
                }

                p.Status = TransferStatus.Pending;
            }
            else
            {
                d.DebitsPosted -= t.Amount;
                c.CreditsPosted -= t.Amount;
            }

            d.LastTransfer = t.PrevOfDebit;
            c.LastTransfer = t.PrevOfCredit;
            _transferIndex.Remove(t.Id);
            t = default;
        }

        _transferCount = mark;
        _lastTimestamp = lastTimestamp;
    }
}
