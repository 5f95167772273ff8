using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PosSim.Desk.Pages;
using PosSim.Host.Web;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk;

/// <summary>
/// The support desk on Kestrel: server-rendered pages over one run folder (docs/desk.md). Binds where it is told;
/// with a token, every request must carry it (once as ?token=, then the cookie it sets, or a header).
/// </summary>
public sealed partial class DeskServer : IAsyncDisposable
{
    internal const string TokenCookie = "possim_desk_token";
    internal const string TokenHeader = "X-Desk-Token";
    internal const string LanguageCookie = "possim_desk_lang";

    private readonly DeskOptions _options;
    private readonly DeskRunFolder _run;
    private readonly string _scenario;
    private readonly string _currency;
    private WebApplication? _app;

    private DeskServer(DeskOptions options, string scenario, string currency)
    {
        _options = options;
        _run = new DeskRunFolder(options.RunDir);
        _scenario = scenario;
        _currency = currency;
    }

    /// <summary>The address it listens on, with the port filled in when 0 was asked.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Checks the run folder (its records and its case log), then starts listening.</summary>
    /// <exception cref="ArgumentException">The options may not start a desk (<see cref="DeskOptions.Problem"/>).</exception>
    /// <exception cref="TraceInputException">DIR is not a run folder.</exception>
    /// <exception cref="CaseInputException">Its case log is damaged or belongs to another run.</exception>
    public static async Task<DeskServer> StartAsync(DeskOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        string scenario;
        string currency;
        using (var book = CaseBook.Open(options.RunDir))
        using (var records = Records.DeskRecords.Open(options.RunDir))
        {
            scenario = records.RunValue("scenario") ?? Path.GetFileName(options.RunDir);
            currency = records.RunValue("currency") ?? "156";
        }

        var desk = new DeskServer(options, scenario, currency);
        var (app, address) = await SmallWebHost.StartAsync(options.Listen, desk.Map, cancellationToken,
            services: s => s.AddRouting()).ConfigureAwait(false);
        desk._app = app;
        desk.Address = address;
        return desk;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await SmallWebHost.StopAsync(_app).ConfigureAwait(false);
        }

        _run.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.Use(GuardAsync);
        app.MapGet("/", http =>
        {
            http.Response.Redirect("/cases");
            return Task.CompletedTask;
        });
        app.MapGet("/cases", QueueAsync);
        app.MapGet("/cases/new", IntakeAsync);
        app.MapPost("/cases/new", OpenCaseAsync);
        app.MapGet("/cases/{id:long}", CaseAsync);
        app.MapGet("/cases/{id:long}/evidence", EvidenceAsync);
        app.MapPost("/cases/{id:long}/{step}", StepAsync);
        app.MapGet("/search", SearchAsync);
        app.MapGet("/transactions/{terminal}/{rrn}", TransactionAsync);
        app.MapGet("/merchants/{id}", MerchantAsync);
        app.MapGet("/training", TrainingAsync);
        app.MapPost("/training/next", NextComplaintAsync);
        app.MapGet("/training/{id:long}", GradeAsync);
    }

    /// <summary>
    /// Before any page: the security headers, the token, the language, and no form from another site (a page
    /// elsewhere must not be able to post steps to a desk on this machine).
    /// </summary>
    private async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Layout.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var request = http.Request;
        if (_options.Token is { } token)
        {
            if (request.Query.TryGetValue("token", out var given))
            {
                if (!Same(given.ToString(), token))
                {
                    await PlainAsync(http, StatusCodes.Status401Unauthorized, _options.Language.DeskTokenMissing).ConfigureAwait(false);
                    return;
                }

                // Given once in the address; from now on the cookie carries it, and the address bar forgets it.
                http.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
                var rest = QueryPairs.Without(request.Query, "token").ToList();
                http.Response.Redirect(request.Path + (rest.Count > 0 ? "?" + string.Join("&", rest) : ""));
                return;
            }

            var carried = request.Cookies[TokenCookie] ?? request.Headers[TokenHeader].ToString();
            if (!Same(carried, token))
            {
                await PlainAsync(http, StatusCodes.Status401Unauthorized, _options.Language.DeskTokenMissing).ConfigureAwait(false);
                return;
            }
        }

        if (HttpMethods.IsPost(request.Method) && FromElsewhere(request))
        {
            await PlainAsync(http, StatusCodes.Status403Forbidden, "forms are accepted from the desk's own pages only").ConfigureAwait(false);
            return;
        }

        var language = _options.Language;
        if (request.Query.TryGetValue("lang", out var lang) && CaseLanguages.Find(lang.ToString()) is { } asked)
        {
            language = asked;
            http.Response.Cookies.Append(LanguageCookie, asked.Code, new CookieOptions { SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
        }
        else if (request.Cookies[LanguageCookie] is { } kept && CaseLanguages.Find(kept) is { } remembered)
        {
            language = remembered;
        }

        http.Items[typeof(ICaseText)] = language;
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CaseInputException or TraceInputException)
        {
            // The run folder changed under the desk (a damaged case log, run.sqlite written by another run).
            await PlainAsync(http, StatusCodes.Status409Conflict, e.Message).ConfigureAwait(false);
        }
    }

    private static bool Same(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));

    /// <summary>A browser says where a form came from (Sec-Fetch-Site, Origin); a tool that says nothing is let through.</summary>
    private static bool FromElsewhere(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && origin != "null" && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private DeskPage PageFor(HttpContext http)
    {
        var text = (ICaseText)http.Items[typeof(ICaseText)]!;
        return new DeskPage(text, TraceLanguages.Find(text.Code)!, http.Request, _scenario, _currency);
    }

    private static async Task HtmlAsync(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task PlainAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message + "\n", http.RequestAborted).ConfigureAwait(false);
    }

    private static FormValues Query(HttpRequest request) =>
        new(request.Query.Where(q => q.Key is not ("lang" or "token")).Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())));

    private static async Task<FormValues> FormAsync(HttpRequest request, string step)
    {
        if (!request.HasFormContentType)
        {
            return new FormValues([]) { Step = step };
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        return new FormValues(form.Select(f => KeyValuePair.Create(f.Key, f.Value.ToString()))) { Step = step };
    }

    private static string Route(HttpContext http, string name) => http.GetRouteValue(name)?.ToString() ?? "";
}
