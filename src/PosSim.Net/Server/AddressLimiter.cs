using System.Net;
using PosSim.Net.Internal;

namespace PosSim.Net.Server;

/// <summary>
/// Counts the connections open from each remote IP address and refuses one beyond the limit. Only addresses with a
/// connection open have an entry, so the table is bounded by the open connections whatever an attacker tries.
/// </summary>
/// <remarks>
/// Implementation note: a lock, not a concurrent dictionary: taking happens once per accepted connection and
/// releasing once per closed one, never per message, and the count and its warning state change together.
/// </remarks>
internal sealed class AddressLimiter(int maxPerAddress, TimeProvider time, TimeSpan warningInterval)
{
    private readonly Dictionary<IPAddress, Entry> _open = [];
    private readonly Lock _gate = new();
    private readonly long _warningInterval = WarningThrottle.IntervalInTimestampTicks(time, warningInterval);

    public int MaxPerAddress => maxPerAddress;

    /// <summary>The address a connection is counted under: IPv4 clients of a dual-stack listener count as IPv4; null when not IP.</summary>
    public static IPAddress? AddressOf(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4(),
        IPEndPoint ip => ip.Address,
        _ => null,
    };

    /// <summary>
    /// Takes a place for one more connection from <paramref name="address"/>. False when it already has the maximum
    /// open; then <paramref name="warn"/> says whether this refusal is the one of its interval to log, with
    /// <paramref name="suppressed"/> refusals from the address held back since the last.
    /// </summary>
    public bool TryTake(IPAddress address, out bool warn, out long suppressed)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(address, out var entry))
            {
                _open[address] = new Entry { Open = 1 };
                (warn, suppressed) = (false, 0);
                return true;
            }

            if (entry.Open < maxPerAddress)
            {
                entry.Open++;
                (warn, suppressed) = (false, 0);
                return true;
            }

            var now = time.GetTimestamp();
            if (entry.WarnedAt == 0 || now - entry.WarnedAt >= _warningInterval)
            {
                entry.WarnedAt = now;
                (warn, suppressed) = (true, entry.Suppressed);
                entry.Suppressed = 0;
            }
            else
            {
                entry.Suppressed++;
                (warn, suppressed) = (false, 0);
            }

            return false;
        }
    }

    /// <summary>Gives back the place of a connection from <paramref name="address"/> that has closed.</summary>
    public void Release(IPAddress address)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(address, out var entry) && --entry.Open <= 0)
            {
                _open.Remove(address);
            }
        }
    }

    /// <summary>Connections open from <paramref name="address"/> now.</summary>
    public int OpenFrom(IPAddress address)
    {
        lock (_gate)
        {
            return _open.TryGetValue(address, out var entry) ? entry.Open : 0;
        }
    }

    private sealed class Entry
    {
        public int Open;
        public long WarnedAt;
        public long Suppressed;
    }
}
