using ExpO.Server.Study;

namespace ExpO.Server.Hosting;

/// <summary>
/// Framing rules: MTurk shows participant pages inside an iframe, so they may be framed by the configured MTurk
/// origins; admin pages may never be framed. (Antiforgery's default X-Frame-Options: SAMEORIGIN is switched off in
/// AddStudyHosting so that this is the only rule.)
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseStudySecurityHeaders(this WebApplication app)
    {
        var ancestors = string.Join(' ', app.Services.GetRequiredService<StudyOptions>().FrameAncestorsOrDefault());
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                if (context.Request.Path.StartsWithSegments("/admin"))
                {
                    h.XFrameOptions = "DENY";
                    h.ContentSecurityPolicy = "frame-ancestors 'none'";
                }
                else
                {
                    h.ContentSecurityPolicy = $"frame-ancestors 'self' {ancestors}".TrimEnd();
                }
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer"; // the page URL carries worker and token ids
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }
}
