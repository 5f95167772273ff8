namespace PosSim.Host.Serve;

/// <summary>
/// Settings of `possim serve`, bound from the "Serve" section of appsettings.json, then POSSIM_Serve__* environment
/// variables, then the command line (later wins).
/// </summary>
public sealed class ServeOptions
{
    public string Listen { get; set; } = "127.0.0.1:5800";

    public string Dialect { get; set; } = "iso87-ascii";

    public string Framing { get; set; } = "binary2";

    /// <summary>Bytes of fixed header (such as a 5-byte TPDU) before the MTI; a 5-byte header is returned with addresses swapped.</summary>
    public int HeaderLength { get; set; }

    public string Data { get; set; } = "possim-data";

    /// <summary>all: switch, issuer and ledger here; switch: forward to <see cref="Issuer"/>; issuer: answer an external switch.</summary>
    public string Role { get; set; } = "all";

    /// <summary>Where the issuer is when the role is switch: HOST:PORT.</summary>
    public string? Issuer { get; set; }

    public string IssuerDialect { get; set; } = "iso87-ascii";

    public string IssuerFraming { get; set; } = "binary2";

    public int Terminals { get; set; } = 20;

    public int Merchants { get; set; } = 5;

    public int Cards { get; set; } = 100;

    public int MaxConnections { get; set; } = 1024;

    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Connections open at once from one remote IP address; one more is closed at once, taking no place from others.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 128;

    /// <summary>A new connection that has not sent one complete frame that decodes within this is closed (not in role issuer, whose clients are switches' quiet links).</summary>
    public int FirstMessageTimeoutSeconds { get; set; } = 10;

    /// <summary>Once a frame's first byte has arrived, the whole frame must arrive within this, else the connection is closed.</summary>
    public int FrameTimeoutSeconds { get; set; } = 5;

    /// <summary>Requests waiting for the core at once; beyond this a new 0100 or 0200 is answered 96 at once instead of queueing.</summary>
    public int MaxPendingRequests { get; set; } = 10_000;

    public int IssuerTimeoutMs { get; set; } = 5000;

    /// <summary>How long to wait for the issuer to acknowledge a reversal advice before repeating it.</summary>
    public int ReversalAckTimeoutMs { get; set; } = 5000;

    /// <summary>Backoff before the first repeat of a reversal advice; doubled each time after.</summary>
    public int ReversalBackoffMs { get; set; } = 1000;

    /// <summary>Sends of one reversal advice before it is parked.</summary>
    public int ReversalMaxTries { get; set; } = 5;

    /// <summary>How long a store may keep failing (answering 96 meanwhile) before serve stops with a non-zero exit.</summary>
    public int StoreOutageSeconds { get; set; } = 120;

    /// <summary>Commit the ledger and the tranlog to SQLite; false keeps both in memory only (benchmarks, throwaway runs).</summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// The key PAN hashes are made with, as hex (at least 16 bytes), typically from POSSIM_Serve__PanHashKey so it
    /// does not sit beside the hashes; null: DATA/pan-hash.key, created readable by its owner only.
    /// </summary>
    public string? PanHashKey { get; set; }

    /// <summary>
    /// Whether a connection must sign on (0800 001) as a terminal before it may send anything else for it
    /// (docs/switch.md, "Who may say what"); null: on when <see cref="Listen"/> is not a loopback address.
    /// </summary>
    public bool? RequireSignOn { get; set; }

    /// <summary>Peer IP addresses of host-to-host links, comma-separated: connections from them may speak for any terminal.</summary>
    public string? HostLinks { get; set; }

    /// <summary>
    /// Terminal authentication: off, retail-mac or aes-cmac (docs/security.md); null: retail-mac when <see cref="Listen"/>
    /// is not a loopback address, off on loopback.
    /// </summary>
    public string? TerminalAuth { get; set; }

    /// <summary>
    /// The installation secret terminals' master keys are derived from, as hex or base64 (16 to 64 bytes), typically
    /// from POSSIM_TERMINAL_KEY_SECRET; never logged. Needed when <see cref="TerminalAuth"/> is on.
    /// </summary>
    public string? TerminalKeySecret { get; set; }

    /// <summary>HOST:PORT to serve the metrics on for Prometheus (http://HOST:PORT/metrics); null: not served.</summary>
    public string? Metrics { get; set; }
}
