namespace PosSim.Tests.Shared;

/// <summary>Waiting for something another thread or process makes true, bounded so that no test can hang.</summary>
internal static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; fails the test, naming <paramref name="what"/>, once <paramref name="ct"/> is cancelled.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (var i = 0; i < 100_000; i++)
        {
            if (condition())
            {
                return;
            }

            if (ct.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }

    /// <summary>As <see cref="UntilAsync(Func{bool}, string, CancellationToken)"/>, failing after <paramref name="within"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        await UntilAsync(condition, what, cts.Token);
    }
}
