using PosSim.Cli.Commands.Case;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PosSim.Cli.Tests.Cases;

/// <summary>The session's terminal prompts, driven by keys as a person presses them (arrow keys, typing, Enter).</summary>
public class SpectrePromptsTests
{
    private static readonly SessionChoice[] Choices = [new("diagnose", "say where the money is"), new("escalate", "hand the case on"), new("quit", "end the session")];

    [Fact]
    public void Enter_takes_the_default_choice_and_the_arrow_keys_move_to_another()
    {
        Assert.Equal(2, new SpectrePrompts(Keys(Key(ConsoleKey.Enter))).Choose("What next?", Choices, defaultIndex: 2));
        Assert.Equal(1, new SpectrePrompts(Keys(Key(ConsoleKey.DownArrow), Key(ConsoleKey.Enter))).Choose("What next?", Choices));
    }

    [Fact]
    public void A_value_is_asked_again_until_it_will_do_and_enter_takes_the_default()
    {
        var console = Keys([.. Typed("3,50"), Key(ConsoleKey.Enter), .. Typed("3.50"), Key(ConsoleKey.Enter)]);
        Assert.Equal("3.50", new SpectrePrompts(console).Ask("Amount", "56.00", a => a.Contains(',', StringComparison.Ordinal) ? "not an amount" : null));
        Assert.Contains("not an amount", console.Output, StringComparison.Ordinal);

        Assert.Equal("56.00", new SpectrePrompts(Keys(Key(ConsoleKey.Enter))).Ask("Amount", "56.00", _ => null));
    }

    private static ConsoleKeyInfo Key(ConsoleKey key) => new(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, false);

    private static IEnumerable<ConsoleKeyInfo> Typed(string text) => text.Select(c => new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));

    private static ScriptedConsole Keys(params ConsoleKeyInfo[] keys) => new(keys);

    /// <summary>An interactive console whose keyboard is a script: Spectre.Console's own console, with the input replaced.</summary>
    private sealed class ScriptedConsole : IAnsiConsole, IAnsiConsoleInput
    {
        private readonly StringWriter _written = new();
        private readonly Queue<ConsoleKeyInfo> _keys;
        private readonly IAnsiConsole _inner;

        public ScriptedConsole(IEnumerable<ConsoleKeyInfo> keys)
        {
            _keys = new Queue<ConsoleKeyInfo>(keys);
            _inner = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(_written),
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.Yes,
            });
        }

        public string Output => _written.ToString();

        public Profile Profile => _inner.Profile;

        public IAnsiConsoleCursor Cursor => _inner.Cursor;

        public IAnsiConsoleInput Input => this;

        public IExclusivityMode ExclusivityMode => _inner.ExclusivityMode;

        public RenderPipeline Pipeline => _inner.Pipeline;

        public void Clear(bool home) => _inner.Clear(home);

        public void Write(IRenderable renderable) => _inner.Write(renderable);

        public void WriteAnsi(Action<AnsiWriter> action) => _inner.WriteAnsi(action);

        public bool IsKeyAvailable() => _keys.Count > 0;

        public ConsoleKeyInfo? ReadKey(bool intercept) =>
            _keys.Count > 0 ? _keys.Dequeue() : throw new InvalidOperationException("the prompt asked for more keys than the test pressed");

        public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) => Task.FromResult(ReadKey(intercept));
    }
}
