namespace PosSim.Iso8583.Framing;

/// <summary>
/// The 5-byte Transport Protocol Data Unit that NAC-style channels and many POS terminals put before the
/// MTI: an id byte (usually 0x60), a 2-byte destination address and a 2-byte source address.
/// A response goes back with the two addresses swapped.
/// </summary>
public static class Tpdu
{
    public const int Length = 5;

    /// <summary>Writes the response TPDU for <paramref name="request"/>: same id, source and destination swapped.</summary>
    public static void WriteResponse(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (request.Length != Length || response.Length < Length)
        {
            throw new ArgumentException($"A TPDU is {Length} bytes.", nameof(request));
        }

        response[0] = request[0];
        response[1] = request[3];
        response[2] = request[4];
        response[3] = request[1];
        response[4] = request[2];
    }
}
