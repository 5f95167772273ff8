using System.CommandLine;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

namespace PosSim.Cli.Commands.Iso;

/// <summary>What every `possim iso` command needs to know: the dialect and the framing.</summary>
internal sealed record IsoSettings(IsoCodec Codec, MessageFraming Framing)
{
    public Dialect Dialect => Codec.Dialect;
}

/// <summary>The options the `iso` commands share, and turning them into <see cref="IsoSettings"/>.</summary>
internal sealed class IsoOptions
{
    /// <param name="defaultDialect">The dialect when none is given (commands talking to `possim serve` default to its own); null makes --dialect required.</param>
    public IsoOptions(string? defaultDialect = null)
    {
        Dialect = new("--dialect", "-d")
        {
            Description = "The dialect: iso87-ascii, iso87-binary, iso87-ascii-binary-bitmap, or the path of your own dialect JSON file (see docs/dialects.md).",
            Required = defaultDialect is null,
            HelpName = "NAME|FILE.json",
        };
        if (defaultDialect is not null)
        {
            Dialect.DefaultValueFactory = _ => defaultDialect;
        }
    }

    public Option<string> Dialect { get; }

    public Option<string> Framing { get; } = CreateFraming();

    public Option<int> HeaderLength { get; } = new("--header-length")
    {
        Description = "Bytes of fixed header between the length and the MTI, such as 5 for the TPDU that NAC-style and UnionPay-style terminals send.",
        DefaultValueFactory = _ => 0,
        HelpName = "BYTES",
    };

    public Option<int> MaxFrame { get; } = new("--max-frame")
    {
        Description = "The largest frame accepted, in bytes after the length header.",
        DefaultValueFactory = _ => MessageFraming.DefaultMaxFrameSize,
        HelpName = "BYTES",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Dialect);
        command.Options.Add(Framing);
        command.Options.Add(HeaderLength);
        command.Options.Add(MaxFrame);
    }

    /// <summary>Loads the dialect and framing; on a bad value prints one error line and returns false.</summary>
    public bool TryResolve(ParseResult parse, TextWriter error, out IsoSettings settings)
    {
        settings = null!;
        var headerLength = parse.GetValue(HeaderLength);
        var maxFrame = parse.GetValue(MaxFrame);
        if (headerLength is < 0 or > 64)
        {
            error.WriteLine($"error: --header-length {headerLength}: give 0 to 64 bytes (5 for a TPDU).");
            return false;
        }

        if (maxFrame < 1)
        {
            error.WriteLine($"error: --max-frame {maxFrame}: give a positive number of bytes.");
            return false;
        }

        Dialect dialect;
        try
        {
            dialect = Iso8583.Dialect.Load(parse.GetValue(Dialect)!);
        }
        catch (DialectException e)
        {
            error.WriteLine($"error: {e.Message}");
            return false;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot read the dialect file: {e.Message}");
            return false;
        }

        settings = new IsoSettings(new IsoCodec(dialect), MessageFraming.Parse(parse.GetValue(Framing)!, headerLength, maxFrame));
        return true;
    }

    private static Option<string> CreateFraming()
    {
        var option = new Option<string>("--framing", "-f")
        {
            Description = "The length header before each message: none, binary2 (2-byte big-endian, the default), ascii4 (4 ASCII digits) or bcd2 (2 BCD bytes).",
            DefaultValueFactory = _ => "binary2",
            HelpName = "NAME",
        };
        option.AcceptOnlyFromAmong([.. MessageFraming.Names]);
        return option;
    }
}
