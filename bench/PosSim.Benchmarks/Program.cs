using BenchmarkDotNet.Running;

namespace PosSim.Benchmarks;

public static class Program
{
    // Commands that are not BenchmarkDotNet suites, by first argument; one line each. Everything else goes to BenchmarkSwitcher.
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["transport-echo"] = Transport.TransportEchoCommand.RunAsync,
        ["proxy-overhead"] = Transport.ProxyOverheadCommand.RunAsync,
        ["load-ceiling"] = Transport.LoadCeilingCommand.RunAsync,
        ["switch-auth"] = Switch.SwitchAuthCommand.RunAsync,
        ["switch-memory"] = Switch.SwitchMemoryCommand.RunAsync,
        ["simulation-day"] = Simulation.SimulationDayCommand.RunAsync,
        ["desk-search"] = Desk.DeskSearchCommand.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && Commands.TryGetValue(args[0], out var command))
        {
            return await command(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
