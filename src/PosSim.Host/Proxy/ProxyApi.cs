using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PosSim.Host.Web;
using PosSim.Net.Proxy;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Host.Proxy;

/// <summary>
/// The fault proxy's HTTP API (docs/proxy.md): list, add, update, remove and reset faults while traffic flows. JSON in
/// and out; a bad request gets 400 with the JSON path of the problem and changes nothing, and the proxy keeps serving.
/// </summary>
internal sealed class ProxyApi : IAsyncDisposable
{
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly WebApplication _app;

    private ProxyApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, such as http://127.0.0.1:6801/.</summary>
    public Uri Address { get; }

    public static async Task<ProxyApi> StartAsync(IPEndPoint endPoint, FaultProxy proxy, CancellationToken cancellationToken)
    {
        // The proxy owns Ctrl+C and SIGTERM (SmallWebHost takes neither): a console lifetime would stop only the API.
        var (app, address) = await SmallWebHost.StartAsync(endPoint, app => Map(app, proxy), cancellationToken,
            kestrel: o => o.Limits.MaxRequestBodySize = MaxBodyBytes).ConfigureAwait(false);
        return new ProxyApi(app, address);
    }

    public ValueTask DisposeAsync() => SmallWebHost.StopAsync(_app);

    private static void Map(WebApplication app, FaultProxy proxy)
    {
        var faults = proxy.Options.Faults;
        app.MapGet("/faults", () => Json(StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("faults");
            foreach (var fault in faults.Current)
            {
                FaultJson.Write(json, fault);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }));

        app.MapGet("/faults/{name}", (string name) => faults.Find(name) is { } fault
            ? Json(StatusCodes.Status200OK, json => FaultJson.Write(json, fault))
            : NotFound(name));

        app.MapPost("/faults", async (HttpRequest request) =>
        {
            var (spec, error) = await ReadFaultAsync(request, null).ConfigureAwait(false);
            if (spec is null)
            {
                return error!;
            }

            return faults.Add(spec)
                ? Json(StatusCodes.Status201Created, json => FaultJson.Write(json, faults.Find(spec.Name)!))
                : Error(StatusCodes.Status409Conflict, $"a fault named '{spec.Name}' exists; update it with PUT /faults/{spec.Name} or remove it first", "$.name");
        });

        app.MapPut("/faults/{name}", async (string name, HttpRequest request) =>
        {
            if (faults.Find(name) is null)
            {
                return NotFound(name);
            }

            var (spec, error) = await ReadFaultAsync(request, name).ConfigureAwait(false);
            if (spec is null)
            {
                return error!;
            }

            return faults.Update(spec)
                ? Json(StatusCodes.Status200OK, json => FaultJson.Write(json, faults.Find(spec.Name)!))
                : NotFound(name);
        });

        app.MapDelete("/faults/{name}", (string name) => faults.Remove(name) ? Results.NoContent() : NotFound(name));

        app.MapPost("/reset", () =>
        {
            faults.Reset();
            return Results.NoContent();
        });

        app.MapGet("/status", () => Json(StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("listen", proxy.EndPoint.ToString());
            json.WriteString("upstream", proxy.Options.Upstream.ToString());
            json.WriteNumber("connections_accepted", proxy.ConnectionsAccepted);
            json.WriteNumber("connections_open", proxy.ActiveConnections);
            json.WriteNumber("upstream_failures", proxy.UpstreamFailures);
            json.WriteNumber("faults", faults.Current.Length);
            json.WriteNumber("hits", proxy.Options.HitLog.Count);
            json.WriteEndObject();
        }));

        // Anything else: a JSON 404 rather than an empty page, so a typo in a script says what went wrong.
        app.MapFallback(() => Error(StatusCodes.Status404NotFound, "no such endpoint; see GET /faults, POST /faults, PUT and DELETE /faults/NAME, POST /reset, GET /status", null));
    }

    private static async Task<(FaultSpec? Spec, IResult? Error)> ReadFaultAsync(HttpRequest request, string? name)
    {
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"the body could not be read: {e.Message}", "$"));
        }

        try
        {
            return (FaultParser.ParseOne(body, name), null);
        }
        catch (FaultFormatException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, e.Line is { } line ? $"line {line}: {e.Problem}" : e.Problem, e.Path));
        }
    }

    private static IResult NotFound(string name) => Error(StatusCodes.Status404NotFound, $"no fault named '{name}'", null);

    private static IResult Error(int status, string message, string? path) => Json(status, json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        if (path is not null)
        {
            json.WriteString("path", path);
        }

        json.WriteEndObject();
    });

    private static IResult Json(int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        return Results.Text(buffer.ToArray(), "application/json", status);
    }
}
