using ExpO.Server.Startup;
using ExpO.Server.Study.Keys;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace ExpO.Server.Hosting;

/// <summary>Logging, problem details, request limits and framing: the host's cross-cutting set-up.</summary>
public static class HostingExtensions
{
    /// <summary>The largest request body the study accepts; every participant request is far smaller.</summary>
    public const long MaxRequestBodyBytes = 32 * 1024;

    public static WebApplicationBuilder AddStudyHosting(this WebApplicationBuilder builder)
    {
        var logs = builder.AddCheckedOptions<LogOptions, LogOptionsValidator>(LogOptions.Section);
        builder.Services.AddSerilog((services, lc) =>
        {
            lc.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Console();
            // A study's record of what happened, kept when the console scrolls away: one file a day, a month of them.
            if (logs.FullPath(builder.Environment.ContentRootPath) is { } path)
            {
                if (logs.Json) lc.WriteTo.File(new Serilog.Formatting.Compact.CompactJsonFormatter(), path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31);
                else lc.WriteTo.File(path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31);
            }
        }, preserveStaticLogger: true); // each host its own logger: tests run several servers in one process
        var proxies = builder.AddCheckedOptions<ProxyOptions, ProxyOptionsValidator>(ProxyOptions.Section);
        builder.Services.Configure<ForwardedHeadersOptions>(proxies.Apply);
        // Before AddProblemDetails: writers are asked in order, and a browser gets a page, not JSON.
        builder.Services.AddSingleton<IProblemDetailsWriter, Pages.HtmlProblemWriter>();
        builder.Services.AddProblemDetails();
        // A body that does not bind is the client's mistake: problem details naming the field, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.AddServerHeader = false; // which server and version we run is nobody's business
        });
        return builder;
    }

    /// <summary>
    /// Request logging, exception and status-code problem details, and the body size check. One log line per
    /// request: the path as its route pattern ("/api/v1/participants/{token}/steps") and the participant as a short
    /// hash of the token, so neither tokens nor worker ids reach the logs.
    /// </summary>
    public static WebApplication UseStudyHosting(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            // This host's own logger, not Serilog's static one (which the last host built in a process would own).
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms participant {Participant}";
            o.GetLevel = (http, _, error) => RequestLogLevel(http, error);
            o.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("Route", new ScalarValue(RouteOf(http))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            o.EnrichDiagnosticContext = (diag, http) =>
                diag.Set("Participant", http.Request.RouteValues.TryGetValue("token", out var t) && t is string token ? ParticipantKeys.LogTag(token) : "-");
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        // Kestrel enforces the same limit on streamed bodies; this answers declared oversized ones up front,
        // whatever server hosts the app.
        app.Use(async (context, next) =>
        {
            // An endpoint may allow more (the dataset import); routing has already chosen the endpoint here.
            long limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 413, Title = "Request too large", Detail = $"Requests here may be at most {limit / 1024} KB." },
                });
                return;
            }
            await next();
        });
        return app;
    }

    /// <summary>
    /// One line per page visit and API call; the 60-odd static files of a first visit (scripts, styles, the client's
    /// assemblies) go to Debug, so a study's log reads as what participants did. Failures are always logged.
    /// </summary>
    public static LogEventLevel RequestLogLevel(HttpContext http, Exception? error)
    {
        if (error is not null || http.Response.StatusCode >= 500) return LogEventLevel.Error;
        var path = http.Request.Path.Value ?? "";
        // A load balancer or container asks every few seconds; its answers would drown what participants did.
        if (path is HealthEndpoints.Alive or HealthEndpoints.Health) return LogEventLevel.Verbose;

        bool file = path.StartsWith("/_framework/", StringComparison.Ordinal) || path.StartsWith("/_content/", StringComparison.Ordinal)
            || (!path.StartsWith("/api/", StringComparison.Ordinal) && Path.HasExtension(path));
        return file ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern ? "/" + pattern.TrimStart('/') : http.Request.Path.StartsWithSegments("/api") ? "/api/(unmatched)" : "(static)";
}

/// <summary>The "Logs" section: Path (a rolling file beside the console, relative to the content root; empty: console only) and Json (compact JSON lines).</summary>
public sealed class LogOptions
{
    public const string Section = "Logs";

    public string? Path { get; set; }
    public bool Json { get; set; }

    /// <summary>The log file's full path under the content root, or null for the console only.</summary>
    public string? FullPath(string contentRoot) =>
        string.IsNullOrWhiteSpace(Path) ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, Path));
}

/// <summary>Nothing to refuse: an empty path means the console only, and Json is a flag the binder checks.</summary>
public sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options) => ValidateOptionsResult.Success;
}
