namespace PosSim.Iso8583;

/// <summary>
/// The one way an answer is started: cleared, the response MTI of the request (<see cref="MessageTypes.ResponseTo(string?)"/>),
/// and the request's fields that the answer echoes. The switch, the issuer and the server all begin replies here.
/// </summary>
public static class Replies
{
    /// <summary>Starts <paramref name="response"/> as the answer to <paramref name="request"/>, copying <paramref name="echoFields"/> that are present.</summary>
    /// <remarks>A request with no valid MTI gets 0000, which no peer takes for an answer to anything.</remarks>
    public static IsoMessage Begin(IsoMessage request, IsoMessage response, ReadOnlySpan<int> echoFields)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        response.Clear();
        response.Mti = MessageTypes.ResponseTo(request.MtiBytes) ?? "0000";
        request.CopyFieldsTo(response, echoFields);
        return response;
    }
}
