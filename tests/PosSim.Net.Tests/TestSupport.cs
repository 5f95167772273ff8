using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Client;
using PosSim.Net.Server;
using PosSim.Simulation.Terminals;
using PosSim.Net.Transport;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>Messages, servers, clients and raw sockets shared by the transport tests.</summary>
internal static class TestSupport
{
    /// <summary>Every test's outer bound: nothing here may hang.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    public static readonly int[] PurchaseEcho = [3, 4, 7, 11, 12, 13, 41, 42, 49];

    public static IsoCodec Codec => Defaults.Codec;

    public static CancellationTokenSource Bound() => new(TestTimeout);

    public static IsoMessage Purchase(int stan, string terminal = "TERM0001", long amount = 1000) =>
        new TerminalMessages(terminal, "MERCHANT0000001", firstStan: stan)
            .Purchase(new CardRead("6212345678901234", "2912"), amount, new DateTimeOffset(2026, 1, 2, 14, 2, 0, TimeSpan.FromHours(8)));

    /// <summary>Answers with the purchase echo fields and 39 = 00.</summary>
    public static IIsoRequestHandler Approve() => new DelegateRequestHandler((request, _) =>
    {
        var response = request.CreateResponse(PurchaseEcho);
        response.ResponseCode = ResponseCodes.Approved;
        return ValueTask.FromResult<IsoMessage?>(response);
    });

    public static IsoMessage Approved(IsoRequest request)
    {
        var response = request.CreateResponse(PurchaseEcho);
        response.ResponseCode = ResponseCodes.Approved;
        return response;
    }

    public static async Task<IsoServer> StartServerAsync(IIsoRequestHandler handler, ITransport? transport = null, Action<IsoServerOptions>? configure = null)
    {
        var options = new IsoServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Transport = transport ?? SocketTransport.Default,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var server = new IsoServer(handler, options);
        await server.StartAsync();
        return server;
    }

    public static Task<IsoClient> ConnectAsync(IsoServer server, ITransport? transport = null, Action<IsoClientOptions>? configure = null, CancellationToken ct = default)
    {
        var options = new IsoClientOptions
        {
            EndPoint = server.EndPoint,
            Transport = transport ?? SocketTransport.Default,
            DefaultTimeout = TimeSpan.FromSeconds(10),
            Reconnect = false,
        };
        configure?.Invoke(options);
        return IsoClient.ConnectAsync(options, ct);
    }

    /// <summary>One framed message as bytes, with a 2-byte binary length header unless told otherwise.</summary>
    public static byte[] Frame(IsoMessage message, MessageFraming? framing = null, byte[]? header = null)
    {
        framing ??= Defaults.Framing;
        var writer = new ArrayBufferWriter<byte>();
        framing.TryWriteFrame(writer, header ?? [], Codec, message, out var error);
        Assert.False(error.IsError, error.ToString());
        return writer.WrittenSpan.ToArray();
    }

    public static async Task<Socket> ConnectRawAsync(EndPoint endPoint, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint, ct);
        return socket;
    }

    /// <summary>Reads until the peer closes; a reset counts as closed.</summary>
    public static async Task<byte[]> ReadUntilClosedAsync(Socket socket, CancellationToken ct)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            for (var i = 0; i < 100_000; i++)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return received.ToArray();
    }

    /// <summary>Reads exactly one binary2 frame's message bytes (after its fixed header of <paramref name="headerLength"/>).</summary>
    public static async Task<(byte[] Header, IsoMessage Message)> ReadFrameAsync(Socket socket, CancellationToken ct, int headerLength = 0)
    {
        var body = await RawFrames.ReadBinary2Async(socket, ct);
        return (body[..headerLength], Codec.Decode(body.AsSpan(headerLength)));
    }
}
