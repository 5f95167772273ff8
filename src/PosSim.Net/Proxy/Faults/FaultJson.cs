using System.Text.Json;

namespace PosSim.Net.Proxy.Faults;

/// <summary>Writes faults back as JSON in the fault file's own format, plus their hit counts: what the API lists.</summary>
public static class FaultJson
{
    public static void Write(Utf8JsonWriter json, ActiveFault fault)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fault);
        var s = fault.Spec;
        json.WriteStartObject();
        json.WriteString("name", s.Name);
        json.WriteString("kind", FaultNames.Of(s.Kind));
        json.WriteString("direction", FaultNames.Of(s.Direction));
        json.WriteNumber("toxicity", s.Toxicity);
        if (s.Times is { } times)
        {
            json.WriteNumber("times", times);
        }

        switch (s.Kind)
        {
            case FaultKind.Latency:
                json.WriteNumber("latency_ms", s.LatencyMs);
                json.WriteNumber("jitter_ms", s.JitterMs);
                break;
            case FaultKind.Bandwidth:
                json.WriteNumber("rate_kbps", s.RateKbps);
                break;
            case FaultKind.Slicer:
                json.WriteNumber("average_size", s.AverageSize);
                json.WriteNumber("size_variation", s.SizeVariation);
                json.WriteNumber("delay_us", s.DelayUs);
                break;
            case FaultKind.Timeout or FaultKind.ResetPeer:
                json.WriteNumber("timeout_ms", s.TimeoutMs);
                break;
            case FaultKind.LimitData:
                json.WriteNumber("bytes", s.Bytes);
                break;
            case FaultKind.Delay:
                json.WriteNumber("delay_ms", s.DelayMs);
                break;
            case FaultKind.Duplicate:
                json.WriteNumber("copies", s.Copies);
                break;
            case FaultKind.Corrupt:
                json.WriteNumber("field", s.Field);
                if (s.Value is not null)
                {
                    json.WriteString("value", s.Value);
                }

                if (s.Remove)
                {
                    json.WriteBoolean("remove", true);
                }

                break;
            case FaultKind.HoldReversal:
                json.WriteNumber("seconds", s.Seconds);
                break;
            case FaultKind.StandIn:
                json.WriteString("response_code", s.ResponseCode);
                break;
        }

        if (!s.Kind.IsTransport())
        {
            WriteMatch(json, s.Match);
        }

        json.WriteNumber("hits", fault.Hits);
        json.WriteEndObject();
    }

    private static void WriteMatch(Utf8JsonWriter json, MessageMatch m)
    {
        json.WriteStartObject("match");
        if (m.Mti.Count > 0)
        {
            json.WriteStartArray("mti");
            foreach (var mti in m.Mti)
            {
                json.WriteStringValue(mti);
            }

            json.WriteEndArray();
        }

        if (m.ProcessingCode is not null)
        {
            json.WriteString("processing_code", m.ProcessingCode);
        }

        if (m.AmountMin is { } min)
        {
            json.WriteNumber("amount_min", min);
        }

        if (m.AmountMax is { } max)
        {
            json.WriteNumber("amount_max", max);
        }

        if (m.Terminal is not null)
        {
            json.WriteString("terminal", m.Terminal);
        }

        if (m.Stan is { } stan)
        {
            json.WriteNumber("stan", stan);
        }

        if (m.Probability is { } p)
        {
            json.WriteNumber("probability", p);
        }

        json.WriteEndObject();
    }
}
