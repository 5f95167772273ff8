using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PosSim.Cli.Commands;

/// <summary>Options of <see cref="ServeLogFormatter"/>.</summary>
internal sealed class ServeLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Print an exception's full detail (type, message, stack trace, inner exceptions) under its entry.</summary>
    public bool Verbose { get; set; }
}

/// <summary>
/// `possim serve`'s log lines on stderr: "level: category[event] message", one line per entry, as the simple console
/// formatter's single-line mode writes them, except that an exception adds only its type and message to the line. An
/// operator reads the cause; the stack trace is for whoever asks with --verbose (issue 13: no stack trace by default).
/// </summary>
internal sealed class ServeLogFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "possim";

    private readonly IDisposable? _reload;
    private ServeLogFormatterOptions _options;

    public ServeLogFormatter(IOptionsMonitor<ServeLogFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(message?.ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            if (_options.Verbose)
            {
                textWriter.WriteLine();
                textWriter.Write(exception.ToString());
            }
            else
            {
                // The innermost cause is usually the one to act on (a disk full under a store's wrapper, say).
                var cause = exception.GetBaseException();
                textWriter.Write($" ({cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")})");
            }
        }

        textWriter.WriteLine();
    }

    public void Dispose() => _reload?.Dispose();

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
