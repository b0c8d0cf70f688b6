using System.Globalization;
using System.Threading.RateLimiting;
using ExpO.Server.Startup;
using ExpO.Server.Study.Entry;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Limits;

/// <summary>
/// The "Limits" section: how fast one client address may enter, how fast everyone together may, and how fast one
/// participant may click. Far above what people do (a person enters once and clicks a few times a second), low
/// enough that one script cannot take the server from everyone else (without limits, 1,241 entries in
/// 10 s from one client cut everyone's step rate to a quarter, measured when the limits were added).
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Entries per minute from one address (a lab behind one NAT may need more).</summary>
    public int EntriesPerMinutePerClient { get; set; } = 30;
    /// <summary>Entries per minute from everyone: each costs ten explanations, so this caps their share of the CPU.</summary>
    public int EntriesPerMinute { get; set; } = 1200;
    /// <summary>Clicks (steps and practice) per second per participant, with twice as many in a burst.</summary>
    public int StepsPerSecondPerParticipant { get; set; } = 10;
}

/// <summary>Every limit lets at least one request through.</summary>
public sealed class LimitOptionsValidator : IValidateOptions<LimitOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitOptions options) =>
        options.EntriesPerMinutePerClient > 0 && options.EntriesPerMinute > 0 && options.StepsPerSecondPerParticipant > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Limits:EntriesPerMinutePerClient, Limits:EntriesPerMinute and Limits:StepsPerSecondPerParticipant must be at least 1.");
}

/// <summary>
/// The dashboard's own simulated participants (Agents/AgentRunner.cs) send this process's random secret and are not
/// limited: they are the researchers' check of the study, run flat out, not a flood. No one else knows the secret.
/// </summary>
public sealed class LimitExemption
{
    public const string Header = "X-ExpO-Limit-Exemption";
    public string Secret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public bool Applies(HttpRequest request) => request.Headers.TryGetValue(Header, out var v) && v.Count == 1 &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(v[0] ?? ""), System.Text.Encoding.ASCII.GetBytes(Secret));
}

/// <summary>The study's abuse limits (ASP.NET Core rate limiting): 429 with Retry-After, as problem details or as the entry page.</summary>
public static class StudyLimits
{
    public const string StepPolicy = "study-steps";

    public static WebApplicationBuilder AddStudyLimits(this WebApplicationBuilder builder)
    {
        builder.AddCheckedOptions<LimitOptions, LimitOptionsValidator>(LimitOptions.Section);
        builder.Services.AddSingleton<LimitExemption>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RefuseAsync;
            // Entries: first the client's own allowance, then everyone's. In this order a flooding address is refused
            // by its own bucket and never drains the shared one (a chained limiter stops at the first refusal).
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsEntry(http) ? RateLimitPartition.GetTokenBucketLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => PerMinute(Limits(http).EntriesPerMinutePerClient)) : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsEntry(http)
                    ? RateLimitPartition.GetTokenBucketLimiter("everyone", _ => PerMinute(Limits(http).EntriesPerMinute)) : RateLimitPartition.GetNoLimiter("")));
            o.AddPolicy(StepPolicy, http =>
            {
                if (Exempt(http)) return RateLimitPartition.GetNoLimiter("");
                int perSecond = Limits(http).StepsPerSecondPerParticipant;
                return RateLimitPartition.GetTokenBucketLimiter(http.Request.RouteValues["token"] as string ?? "", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the client's address and scheme as a trusted proxy saw them (Hosting/ProxyOptions.cs),
    /// then the limits, so a flood's refusals cost no logging, headers or authentication: what lets honest
    /// participants keep their pace under a flood (bench/pace.sh, docs/benchmarks.md).
    /// </summary>
    public static WebApplication UseStudyLimits(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRateLimiter();
        return app;
    }

    static bool Exempt(HttpContext http) => http.RequestServices.GetRequiredService<LimitExemption>().Applies(http.Request);

    static LimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;

    // A full minute's worth at once, refilled in twelfths (every 5 s at most), so a refused client waits seconds, not a minute.
    static TokenBucketRateLimiterOptions PerMinute(int perMinute)
    {
        int tokens = Math.Max(1, perMinute / 12);
        return new() { TokenLimit = perMinute, TokensPerPeriod = tokens, ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 * tokens / perMinute), QueueLimit = 0 };
    }

    /// <summary>An entry (the form's press or the API's), not from the exempt runner.</summary>
    static bool IsEntry(HttpContext http) => HttpMethods.IsPost(http.Request.Method)
        && (EntryPages.IsEntryPath(http.Request.Path) || http.Request.Path == StudyRoutes.Entry) && !Exempt(http);

    /// <summary>Retry-After in whole seconds; the entry form gets its page back (with the form), everyone else problem details.</summary>
    static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (EntryPages.IsEntryPath(http.Request.Path) && http.Request.HasFormContentType)
        {
            await EntryPages.TooManyAsync(http, seconds, ct);
            return;
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests, Type = StudyProblemTypes.TooManyRequests, Title = "Too many requests",
                Detail = $"Many requests at once: please wait {seconds} s and try again. Nothing was lost.",
            },
        });
    }
}
