using PosSim.Core.Issuer;
using PosSim.Iso8583;

namespace PosSim.Core.Roles;

/// <summary>The issuer alone as a loop core: for `possim serve --role issuer`, answering an external switch.</summary>
public sealed class IssuerCore(CardIssuer issuer, Action<long, IsoMessage> respond) : ILoopCore
{
    private readonly IsoMessage _response = new();

    public CardIssuer Issuer => issuer;

    public DateTimeOffset? NextDue => null;

    public void Submit(long token, IsoMessage request)
    {
        issuer.Handle(request, _response);
        respond(token, _response);
    }

    public int RunDue() => 0;
}
