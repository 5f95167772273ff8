using System.Globalization;
using System.Net;

namespace PosSim.Host.Serve;

internal static class Endpoints
{
    /// <summary>Parses an endpoint already checked with <see cref="TryParse"/>.</summary>
    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endPoint, out var problem) ? endPoint : throw new FormatException(problem);

    /// <summary>Parses HOST:PORT (an IP address or localhost; port 0 picks a free one).</summary>
    public static bool TryParse(string text, out IPEndPoint endPoint, out string problem)
    {
        endPoint = null!;
        problem = "";
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            problem = $"'{text}' is not HOST:PORT (for example 127.0.0.1:5800)";
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            problem = $"'{host}' is not an IP address (give 127.0.0.1, ::1, 0.0.0.0 or localhost)";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
