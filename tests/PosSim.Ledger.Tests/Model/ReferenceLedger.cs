namespace PosSim.Ledger.Tests.Model;

/// <summary>
/// The ledger's rules written as plainly as possible, for model-based testing: classes in
/// dictionaries, 128-bit arithmetic instead of overflow reasoning, a linked chain applied to a
/// deep copy and swapped in on success, expiry by scanning everything. Slow and obviously right.
/// </summary>
internal sealed class ReferenceLedger
{
    private readonly Func<long> _now;
    private State _s = new();

    public ReferenceLedger(Func<long> now) => _now = now;

    public IEnumerable<RefAccount> Accounts => _s.AccountOrder;

    public IEnumerable<RefTransfer> Transfers => _s.TransferOrder;

    public RefAccount? Account(UInt128 id) => _s.Accounts.GetValueOrDefault(id);

    public RefTransfer? Transfer(UInt128 id) => _s.Transfers.GetValueOrDefault(id);

    /// <summary>A copy of the whole state, for "what the store holds" at a commit.</summary>
    public object Snapshot() => _s.Clone();

    public void Restore(object snapshot) => _s = ((State)snapshot).Clone();

    public LedgerResult CreateAccount(AccountRequest r)
    {
        long now = _now();
        Expire(_s, now);
        var flags = r.Flags;
        if (r.Id == 0 || r.Id == UInt128.MaxValue)
        {
            return LedgerResult.InvalidId;
        }

        if (r.Ledger is not (LedgerKind.Issuer or LedgerKind.Acquirer or LedgerKind.Scheme))
        {
            return LedgerResult.InvalidLedger;
        }

        if (r.Currency is 0 or > 999)
        {
            return LedgerResult.InvalidCurrency;
        }

        bool a = flags.HasFlag(AccountFlags.NoOverdraft), b = flags.HasFlag(AccountFlags.AllowNegative);
        if ((flags & ~(AccountFlags)15) != 0 || a == b)
        {
            return LedgerResult.InvalidFlags;
        }

        if (_s.Accounts.TryGetValue(r.Id, out var existing))
        {
            return existing.Ledger == r.Ledger && existing.Currency == r.Currency && existing.CreationFlags == flags && existing.UserData == r.UserData
                ? LedgerResult.Exists
                : LedgerResult.ExistsWithDifferentFields;
        }

        var account = new RefAccount
        {
            Id = r.Id, Ledger = r.Ledger, Currency = r.Currency, Flags = flags, CreationFlags = flags, UserData = r.UserData,
            Timestamp = _s.Tick(now),
        };
        _s.Accounts.Add(r.Id, account);
        _s.AccountOrder.Add(account);
        return LedgerResult.Ok;
    }

    public LedgerResult SetFrozen(UInt128 id, bool frozen)
    {
        Expire(_s, _now());
        if (!_s.Accounts.TryGetValue(id, out var a))
        {
            return LedgerResult.AccountNotFound;
        }

        if (a.Flags.HasFlag(AccountFlags.Closed))
        {
            return LedgerResult.AccountClosed;
        }

        a.Flags = frozen ? a.Flags | AccountFlags.Frozen : a.Flags & ~AccountFlags.Frozen;
        return LedgerResult.Ok;
    }

    public LedgerResult Close(UInt128 id)
    {
        Expire(_s, _now());
        if (!_s.Accounts.TryGetValue(id, out var a))
        {
            return LedgerResult.AccountNotFound;
        }

        if (a.Flags.HasFlag(AccountFlags.Closed))
        {
            return LedgerResult.Ok;
        }

        if (a.Dq != 0 || a.Cq != 0)
        {
            return LedgerResult.AccountHasPendingTransfers;
        }

        if (a.Dp != a.Cp)
        {
            return LedgerResult.AccountBalanceNotZero;
        }

        a.Flags |= AccountFlags.Closed;
        return LedgerResult.Ok;
    }

    public void ExpireDue() => Expire(_s, _now());

    public LedgerResult[] Submit(IReadOnlyList<TransferRequest> batch)
    {
        long now = _now();
        Expire(_s, now);
        var results = new LedgerResult[batch.Count];
        int start = 0;
        while (start < batch.Count)
        {
            int end = start;
            while (end < batch.Count && batch[end].Flags.HasFlag(TransferFlags.Linked))
            {
                end++;
            }

            if (end == batch.Count)
            {
                for (int i = start; i < batch.Count; i++)
                {
                    results[i] = LedgerResult.LinkedEventFailed;
                }

                results[^1] = LedgerResult.LinkedChainOpen;
                break;
            }

            var trial = _s.Clone();
            int failed = -1;
            for (int i = start; i <= end; i++)
            {
                results[i] = Apply(trial, batch[i], now);
                if (!results[i].IsSuccess())
                {
                    failed = i;
                    break;
                }
            }

            if (failed < 0)
            {
                _s = trial;
            }
            else if (end > start)
            {
                for (int i = start; i <= end; i++)
                {
                    if (i != failed)
                    {
                        results[i] = LedgerResult.LinkedEventFailed;
                    }
                }
            }

            start = end + 1;
        }

        return results;
    }

    private static LedgerResult Apply(State s, TransferRequest r, long now)
    {
        var kind = r.Flags & (TransferFlags.Pending | TransferFlags.PostPending | TransferFlags.VoidPending);
        bool resolution = kind is TransferFlags.PostPending or TransferFlags.VoidPending;
        if (r.Id == 0 || r.Id == UInt128.MaxValue)
        {
            return LedgerResult.InvalidId;
        }

        if ((r.Flags & ~(TransferFlags)15) != 0 || kind is not (TransferFlags.None or TransferFlags.Pending or TransferFlags.PostPending or TransferFlags.VoidPending))
        {
            return LedgerResult.InvalidFlags;
        }

        if (resolution)
        {
            if (r.PendingId == 0)
            {
                return LedgerResult.PendingIdRequired;
            }

            if (r.Timeout != TimeSpan.Zero)
            {
                return LedgerResult.InvalidTimeout;
            }

            if (r.Amount < 0)
            {
                return LedgerResult.AmountMustBePositive;
            }
        }
        else
        {
            if (r.PendingId != 0)
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

            if (r.DebitAccountId == r.CreditAccountId)
            {
                return LedgerResult.AccountsMustBeDifferent;
            }
        }

        if (s.Transfers.TryGetValue(r.Id, out var existing))
        {
            return existing.SameRequest(r) ? LedgerResult.Exists : LedgerResult.ExistsWithDifferentFields;
        }

        return resolution ? Resolve(s, r, now) : Create(s, r, now);
    }

    private static LedgerResult Create(State s, TransferRequest r, long now)
    {
        if (!s.Accounts.TryGetValue(r.DebitAccountId, out var d))
        {
            return LedgerResult.DebitAccountNotFound;
        }

        if (!s.Accounts.TryGetValue(r.CreditAccountId, out var c))
        {
            return LedgerResult.CreditAccountNotFound;
        }

        var refusal = Refusal(d, c, r.Currency);
        if (refusal != LedgerResult.Ok)
        {
            return refusal;
        }

        bool pending = r.Flags.HasFlag(TransferFlags.Pending);
        long timestamp = Math.Max(now, s.Last + 1);
        if (d.Dp + d.Dq + r.Amount > long.MaxValue || c.Cp + c.Cq + r.Amount > long.MaxValue
            || (pending && (Int128)timestamp + r.Timeout.Ticks > long.MaxValue))
        {
            return LedgerResult.Overflow;
        }

        if (d.Flags.HasFlag(AccountFlags.NoOverdraft) && d.Dp + d.Dq + r.Amount > d.Cp)
        {
            return LedgerResult.InsufficientFunds;
        }

        var t = new RefTransfer
        {
            Request = r, Debit = d.Id, Credit = c.Id, Amount = r.Amount, Currency = r.Currency, Timestamp = s.Tick(now),
            Status = pending ? TransferStatus.Pending : TransferStatus.Posted, Sequence = s.TransferOrder.Count,
        };
        if (pending)
        {
            d.Dq += r.Amount;
            c.Cq += r.Amount;
        }
        else
        {
            d.Dp += r.Amount;
            c.Cp += r.Amount;
        }

        s.Add(t);
        return LedgerResult.Ok;
    }

    private static LedgerResult Resolve(State s, TransferRequest r, long now)
    {
        if (!s.Transfers.TryGetValue(r.PendingId, out var p))
        {
            return LedgerResult.PendingTransferNotFound;
        }

        if (!p.Request.Flags.HasFlag(TransferFlags.Pending))
        {
            return LedgerResult.PendingTransferNotPending;
        }

        if ((r.DebitAccountId != 0 && r.DebitAccountId != p.Debit) || (r.CreditAccountId != 0 && r.CreditAccountId != p.Credit))
        {
            return LedgerResult.PendingTransferAccountMismatch;
        }

        if (r.Currency != 0 && r.Currency != p.Currency)
        {
            return LedgerResult.CurrencyMismatch;
        }

        switch (p.Status)
        {
            case TransferStatus.Posted: return LedgerResult.PendingTransferAlreadyPosted;
            case TransferStatus.Voided: return LedgerResult.PendingTransferAlreadyVoided;
            case TransferStatus.Expired: return LedgerResult.PendingTransferExpired;
        }

        bool post = r.Flags.HasFlag(TransferFlags.PostPending);
        var d = s.Accounts[p.Debit];
        var c = s.Accounts[p.Credit];
        if (!post && r.Amount != 0 && r.Amount != p.Amount)
        {
            return LedgerResult.VoidAmountMismatch;
        }

        if (post)
        {
            if (r.Amount > p.Amount)
            {
                return LedgerResult.PostAmountExceedsPending;
            }

            var refusal = Refusal(d, c, p.Currency);
            if (refusal != LedgerResult.Ok)
            {
                return refusal;
            }
        }

        long amount = post && r.Amount != 0 ? r.Amount : p.Amount;
        d.Dq -= p.Amount;
        c.Cq -= p.Amount;
        if (post)
        {
            d.Dp += amount;
            c.Cp += amount;
        }

        p.Status = post ? TransferStatus.Posted : TransferStatus.Voided;
        s.Add(new RefTransfer
        {
            Request = r, Debit = p.Debit, Credit = p.Credit, Amount = amount, Currency = p.Currency, Timestamp = s.Tick(now),
            Status = p.Status, Sequence = s.TransferOrder.Count,
        });
        return LedgerResult.Ok;
    }

    private static LedgerResult Refusal(RefAccount d, RefAccount c, ushort currency)
    {
        if (d.Currency != currency || c.Currency != currency)
        {
            return LedgerResult.CurrencyMismatch;
        }

        if (d.Flags.HasFlag(AccountFlags.Closed))
        {
            return LedgerResult.DebitAccountClosed;
        }

        if (c.Flags.HasFlag(AccountFlags.Closed))
        {
            return LedgerResult.CreditAccountClosed;
        }

        if (d.Flags.HasFlag(AccountFlags.Frozen))
        {
            return LedgerResult.DebitAccountFrozen;
        }

        return c.Flags.HasFlag(AccountFlags.Frozen) ? LedgerResult.CreditAccountFrozen : LedgerResult.Ok;
    }

    private static void Expire(State s, long now)
    {
        var due = s.TransferOrder
            .Where(t => t.Status == TransferStatus.Pending && t.Request.Timeout > TimeSpan.Zero && t.Timestamp + t.Request.Timeout.Ticks <= now)
            .OrderBy(t => t.Timestamp + t.Request.Timeout.Ticks)
            .ThenBy(t => t.Sequence)
            .ToList();
        foreach (var t in due)
        {
            t.Status = TransferStatus.Expired;
            s.Accounts[t.Debit].Dq -= t.Amount;
            s.Accounts[t.Credit].Cq -= t.Amount;
            s.Tick(now);
        }
    }

    private sealed class State
    {
        public Dictionary<UInt128, RefAccount> Accounts { get; } = [];

        public List<RefAccount> AccountOrder { get; } = [];

        public Dictionary<UInt128, RefTransfer> Transfers { get; } = [];

        public List<RefTransfer> TransferOrder { get; } = [];

        public long Last { get; set; }

        public long Tick(long now) => Last = Math.Max(now, Last + 1);

        public void Add(RefTransfer t)
        {
            Transfers.Add(t.Request.Id, t);
            TransferOrder.Add(t);
        }

        public State Clone()
        {
            var copy = new State { Last = Last };
            foreach (var a in AccountOrder)
            {
                var c = a.Clone();
                copy.Accounts.Add(c.Id, c);
                copy.AccountOrder.Add(c);
            }

            foreach (var t in TransferOrder)
            {
                copy.Add(t.Clone());
            }

            return copy;
        }
    }
}

internal sealed class RefAccount
{
    public UInt128 Id { get; init; }
    public LedgerKind Ledger { get; init; }
    public ushort Currency { get; init; }
    public AccountFlags Flags { get; set; }
    public AccountFlags CreationFlags { get; init; }
    public UInt128 UserData { get; init; }
    public long Timestamp { get; init; }
    public Int128 Dp { get; set; }
    public Int128 Cp { get; set; }
    public Int128 Dq { get; set; }
    public Int128 Cq { get; set; }

    public RefAccount Clone() => (RefAccount)MemberwiseClone();
}

internal sealed class RefTransfer
{
    public TransferRequest Request { get; init; }
    public UInt128 Debit { get; init; }
    public UInt128 Credit { get; init; }
    public long Amount { get; init; }
    public ushort Currency { get; init; }
    public long Timestamp { get; init; }
    public int Sequence { get; init; }
    public TransferStatus Status { get; set; }

    public bool SameRequest(TransferRequest r)
    {
        var o = Request;
        bool resolution = (o.Flags & (TransferFlags.PostPending | TransferFlags.VoidPending)) != 0;
        if (o.Flags != r.Flags || o.Code != r.Code || o.UserData != r.UserData || o.PendingId != r.PendingId || o.Timeout != r.Timeout)
        {
            return false;
        }

        return resolution
            ? (r.DebitAccountId == 0 || r.DebitAccountId == Debit) && (r.CreditAccountId == 0 || r.CreditAccountId == Credit)
                && (r.Currency == 0 || r.Currency == Currency) && (r.Amount == 0 || r.Amount == Amount)
            : r.DebitAccountId == Debit && r.CreditAccountId == Credit && r.Currency == Currency && r.Amount == Amount;
    }

    /// <summary>What the real ledger should report for this transfer.</summary>
    public Transfer Expected() => new(
        Request.Id, Debit, Credit, Amount, Request.PendingId, Request.Timeout, Request.UserData, Currency, Request.Code, Request.Flags, Timestamp, Status);

    public RefTransfer Clone() => (RefTransfer)MemberwiseClone();
}
