using PosSim.Ledger;

namespace PosSim.Benchmarks.Ledger;

/// <summary>
/// The benchmark workload: cardholder authorisations (holds) to merchants, each later captured
/// (posted). Requests are built once, so the measured loop does nothing but ledger work.
/// </summary>
internal static class LedgerWorkload
{
    public const ushort Currency = 156;
    public const int Cardholders = 10_000;
    public const int Merchants = 100;
    public static readonly UInt128 Scheme = 1;

    public static UInt128 Cardholder(int i) => (UInt128)(1_000 + i);

    public static UInt128 Merchant(int i) => (UInt128)(100_000 + i);

    public static void CreateAccounts(Func<AccountRequest, LedgerResult> create, Func<TransferRequest, LedgerResult> submit)
    {
        Check(create(new AccountRequest(Scheme, LedgerKind.Scheme, Currency, AccountFlags.AllowNegative)));
        for (int i = 0; i < Merchants; i++)
        {
            Check(create(new AccountRequest(Merchant(i), LedgerKind.Acquirer, Currency, AccountFlags.AllowNegative)));
        }

        for (int i = 0; i < Cardholders; i++)
        {
            Check(create(new AccountRequest(Cardholder(i), LedgerKind.Issuer, Currency, AccountFlags.NoOverdraft)));
            Check(submit(TransferRequest.Single((UInt128)(1UL << 40) + (UInt128)i, Scheme, Cardholder(i), 1_000_000_000_000, Currency)));
        }
    }

    /// <summary>Holds with ids 1..n spread over cardholders and merchants, and the posts (ids n+1..2n) that capture them.</summary>
    public static (TransferRequest[] Holds, TransferRequest[] Posts) TwoPhase(int n)
    {
        var holds = new TransferRequest[n];
        var posts = new TransferRequest[n];
        var random = new Random(42);
        for (int i = 0; i < n; i++)
        {
            var holdId = (UInt128)(ulong)(i + 1);
            holds[i] = TransferRequest.Hold(
                holdId, Cardholder(random.Next(Cardholders)), Merchant(random.Next(Merchants)), 100 + random.Next(100_000), Currency, TimeSpan.FromHours(1));

            // Most captures are in full; some are partial (a tip removed, a fuel pre-authorisation).
            posts[i] = TransferRequest.Post((UInt128)(ulong)(n + i + 1), holdId, random.Next(4) == 0 ? 50 : 0);
        }

        return (holds, posts);
    }

    public static void Check(LedgerResult result)
    {
        if (result is not (LedgerResult.Ok or LedgerResult.Exists))
        {
            throw new InvalidOperationException($"Benchmark setup failed: {result}");
        }
    }
}
