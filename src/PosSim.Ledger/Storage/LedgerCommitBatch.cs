namespace PosSim.Ledger.Storage;

/// <summary>
/// What one group commit must persist, atomically: account upserts (new accounts and changed flags),
/// then new transfers in apply order, then expiries in order. Reused across commits, so it allocates
/// only while it grows.
/// </summary>
public sealed class LedgerCommitBatch
{
    private AccountRecord[] _accounts = new AccountRecord[16];
    private Transfer[] _transfers = new Transfer[1024];
    private ExpiryRecord[] _expiries = new ExpiryRecord[16];
    private int _accountCount;
    private int _transferCount;
    private int _expiryCount;

    public ReadOnlySpan<AccountRecord> Accounts => _accounts.AsSpan(0, _accountCount);

    public ReadOnlySpan<Transfer> Transfers => _transfers.AsSpan(0, _transferCount);

    public ReadOnlySpan<ExpiryRecord> Expiries => _expiries.AsSpan(0, _expiryCount);

    public bool IsEmpty => _accountCount == 0 && _transferCount == 0 && _expiryCount == 0;

    public void AddAccount(in AccountRecord account) => Add(ref _accounts, ref _accountCount, account);

    public void AddTransfer(in Transfer transfer) => Add(ref _transfers, ref _transferCount, transfer);

    public void AddExpiry(in ExpiryRecord expiry) => Add(ref _expiries, ref _expiryCount, expiry);

    public void Clear()
    {
        _accountCount = 0;
        _transferCount = 0;
        _expiryCount = 0;
    }

    private static void Add<T>(ref T[] items, ref int count, in T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[count++] = item;
    }
}
