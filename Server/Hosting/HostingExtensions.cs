using ExpO.Server.Study;
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
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console());
        builder.Services.AddProblemDetails();
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>
    /// One log line per request. The path is logged as its route pattern ("/api/v1/participants/{token}/steps"),
    /// and the participant as a short hash of the token, so neither tokens nor worker ids reach the logs.
    /// </summary>
    public static WebApplication UseStudyRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {Route} responded {StatusCode} in {Elapsed:0.0} ms participant {Participant}";
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern ? "/" + pattern.TrimStart('/') : http.Request.Path.StartsWithSegments("/api") ? "/api/(unmatched)" : "(static)";
}
