using PosSim.Iso8583;

namespace PosSim.Core.Issuer;

/// <summary>What the issuer answered, counted: the host turns these into metrics.</summary>
public sealed class IssuerCounters
{
    public long Requests { get; private set; }

    public long Approved { get; private set; }

    public long Declined { get; private set; }

    public Dictionary<string, long> DeclinesByCode { get; } = new(StringComparer.Ordinal);

    internal void Count(string code)
    {
        Requests++;
        if (code == ResponseCodes.Approved)
        {
            Approved++;
            return;
        }

        Declined++;
        DeclinesByCode[code] = DeclinesByCode.GetValueOrDefault(code) + 1;
    }
}
