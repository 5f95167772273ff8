using System.Net;
using PosSim.Host;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Load;

namespace PosSim.Cli.Tests.Load;

/// <summary>Stopping a run early (Ctrl+C) ends it promptly with what it measured, in both loops.</summary>
public sealed class LoadRunStopTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancelled_run_ends_promptly_reports_what_ran_and_closes_no_batch(bool openLoop)
    {
        await using var fake = await ScriptedSwitch.StartAsync((_, _) => Script.Answer);
        var settings = new LoadSettings
        {
            Target = IPEndPoint.Parse(fake.Target),
            Codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii")),
            Framing = MessageFraming.Parse("binary2"),
            Fleet = Fleet.FromProvisioning(Provisioning.Demo(terminals: 2, cards: 5)),
            Connections = 2,
            InFlight = 2,
            Rate = openLoop ? 500 : null,
            Duration = TimeSpan.FromMinutes(10),
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var result = await LoadRun.RunAsync(settings, cancellationToken: stop.Token).WaitAsync(bound.Token);

        Assert.True(result.Interrupted);
        Assert.True(result.Answered > 0);
        Assert.Equal(result.Sent, result.Answered + result.Timeouts + result.ConnectionErrors + result.BadResponses + result.Refused);
        Assert.Equal(0, result.BatchTotals.Sent);
        Assert.True(result.Elapsed < TimeSpan.FromMinutes(1));
    }
}
