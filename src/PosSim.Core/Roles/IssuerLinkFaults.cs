using PosSim.Iso8583;

namespace PosSim.Core.Roles;

/// <summary>What happens to a message on the link between switch and issuer.</summary>
public readonly record struct LinkDecision(LinkAction Action, TimeSpan Delay = default)
{
    public static LinkDecision Deliver => new(LinkAction.Deliver);

    public static LinkDecision Drop => new(LinkAction.Drop);

    public static LinkDecision DelayBy(TimeSpan delay) => new(LinkAction.Deliver, delay);
}

public enum LinkAction
{
    Deliver,
    Drop,
}

/// <summary>
/// Faults on the switch-issuer link, decided per message: drop a request, drop or delay a response. The
/// simulation's fault plan and the tests plug in here; the default delivers everything at once.
/// </summary>
public interface IIssuerLinkFaults
{
    LinkDecision OnRequest(IsoMessage request);

    LinkDecision OnResponse(IsoMessage response);
}
