using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;

namespace ExpO.Server.Admin;

/// <summary>
/// Sign-in attempts per client address: enough for typos, too few to guess a 12-character password. A refused attempt
/// gets the sign-in (or set-up) page again, with when to try again, not the study's JSON refusal.
/// </summary>
public sealed class SignInLimit : IRateLimiterPolicy<string>
{
    public const string Name = "sign-in";
    public const int AttemptsPerMinute = 5;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => RateLimitPartition.GetFixedWindowLimiter(
        httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, ct) =>
    {
        var http = context.HttpContext;
        int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        bool setup = http.Request.Path.StartsWithSegments(AdminRoutes.Setup);
        string message = $"Too many attempts from this address. Please wait {seconds} seconds, then try again.";
        await AdminEndpoints.Account(http, http.RequestServices.GetRequiredService<IAntiforgery>(), setup, message,
            http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct))["email"].ToString() : null,
            StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    };
}
