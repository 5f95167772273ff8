namespace PosSim.Ledger.CrashHost;

/// <summary>
/// The crash test's workload as a pure function of the transfer id, so that the child can retry
/// any earlier request verbatim and the parent can check what it finds in the store.
/// </summary>
/// <remarks>
/// An id packs run + 1 (16 bits), worker (8), batch sequence (32) and position in the batch (8). Pairs
/// of positions are sometimes a linked chain (payout and fee); otherwise a position is a purchase,
/// a hold, or a post or void of the hold at the same position in the previous batch.
/// </remarks>
public static class CrashWorkload
{
    public const ushort Currency = 156;
    public const int Workers = 4;
    public const int BatchSize = 32;
    public static readonly UInt128 Scheme = 10;
    public static readonly UInt128[] Cardholders = [1, 2, 3, 4];
    public static readonly UInt128[] Merchants = [20, 21];

    /// <summary>Each cardholder's opening balance, far more than a run can spend.</summary>
    public const long Funding = 1_000_000_000_000;

    public static IEnumerable<AccountRequest> Accounts()
    {
        foreach (var id in Cardholders)
        {
            yield return new AccountRequest(id, LedgerKind.Issuer, Currency, AccountFlags.NoOverdraft);
        }

        yield return new AccountRequest(Scheme, LedgerKind.Scheme, Currency, AccountFlags.AllowNegative);
        foreach (var id in Merchants)
        {
            yield return new AccountRequest(id, LedgerKind.Acquirer, Currency, AccountFlags.AllowNegative);
        }
    }

    /// <summary>Funding transfers have fixed ids below any workload id, so every run retries them.</summary>
    public static IEnumerable<TransferRequest> FundingTransfers() =>
        Cardholders.Select((c, i) => TransferRequest.Single((UInt128)(100 + i), Scheme, c, Funding, Currency));

    /// <summary>Run numbers start at 0; the id stores run + 1 so that no workload id is 0 (reserved) or a funding id.</summary>
    public static UInt128 Id(int run, int worker, long sequence, int position) =>
        ((UInt128)(uint)(run + 1) << 48) | ((UInt128)(uint)worker << 40) | ((UInt128)(ulong)sequence << 8) | (uint)position;

    public static TransferRequest[] Batch(int run, int worker, long sequence)
    {
        var batch = new TransferRequest[BatchSize];
        for (int i = 0; i < BatchSize; i++)
        {
            batch[i] = For(Id(run, worker, sequence, i));
        }

        return batch;
    }

    public static TransferRequest For(UInt128 id)
    {
        int position = (int)(id & 0xFF);
        long sequence = (long)((id >> 8) & 0xFFFF_FFFF);
        // Ids are wider than 64 bits: fold them explicitly (a plain cast is checked and would throw).
        ulong low = unchecked((ulong)id);
        ulong high = unchecked((ulong)(id >> 64));
        ulong h = Mix((low >> 8) ^ (high << 40));
        bool linkedPair = ((h >> (position / 2 % 32 * 2)) & 3) == 0;
        ulong k = Mix(low ^ (high << 32));
        long amount = 1 + (long)(k % 1000);
        var cardholder = Cardholders[(int)((k >> 20) % (ulong)Cardholders.Length)];
        var merchant = Merchants[(int)((k >> 30) % (ulong)Merchants.Length)];

        if (linkedPair)
        {
            // A payout to the merchant and the scheme's fee on it: both or neither.
            return position % 2 == 0
                ? TransferRequest.Single(id, Scheme, merchant, amount, Currency).AsLinked()
                : TransferRequest.Single(id, merchant, Scheme, 1 + (amount / 100), Currency);
        }

        var previous = id - (UInt128.One << 8);
        return ((k >> 40) % 8) switch
        {
            0 or 1 or 2 => TransferRequest.Single(id, cardholder, merchant, amount, Currency) with { Code = 1 },
            3 or 4 => TransferRequest.Hold(id, cardholder, merchant, amount, Currency, TimeSpan.FromHours(1)),
            5 or 6 when sequence > 0 => TransferRequest.Post(id, previous, (long)(k % 2) * amount / 2),
            7 when sequence > 0 => TransferRequest.Void(id, previous),
            _ => TransferRequest.Single(id, merchant, Scheme, amount, Currency) with { Code = 2 },
        };
    }

    private static ulong Mix(ulong x)
    {
        // splitmix64 finaliser: a well-spread, deterministic hash of the id.
        x ^= x >> 30;
        x = unchecked(x * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 27;
        x = unchecked(x * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }
}
