using ExpO.Server.Study.Settings;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Hosting;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows only this origin's files, plus what Blazor
/// needs: WebAssembly compilation ('wasm-unsafe-eval', participant pages) and the one inline script, the import map,
/// which carries this response's nonce. Participant pages may be framed by the configured MTurk origins and post the
/// finished HIT to MTurk's submit hosts; admin pages may never be framed. HSTS once the request came over HTTPS
/// (directly or, with forwarded headers, through the proxy). (Antiforgery's X-Frame-Options is off: see AddStudyHosting.)
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseStudySecurityHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StudyOptions>>().Value;
        var ancestors = string.Join(' ', options.FrameAncestorsOrDefault());
        var submitHosts = string.Join(' ', options.SubmitHostsOrDefault());
        app.Use(async (context, next) =>
        {
            var nonce = Pages.PageNonce.Create(context);
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                bool admin = context.Request.Path.StartsWithSegments("/admin");
                h.ContentSecurityPolicy = string.Join("; ",
                    "default-src 'self'",
                    admin ? $"script-src 'self' 'nonce-{nonce}'" : $"script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'",
                    // MudBlazor sets style attributes on its elements.
                    "style-src 'self' 'unsafe-inline'",
                    "img-src 'self' data:",
                    "font-src 'self' data:",
                    "connect-src 'self'",
                    "object-src 'none'",
                    "base-uri 'self'",
                    admin ? "form-action 'self'" : $"form-action 'self' {submitHosts}",
                    admin ? "frame-ancestors 'none'" : $"frame-ancestors 'self' {ancestors}".TrimEnd());
                if (admin) h.XFrameOptions = "DENY";
                if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer"; // the page URL carries worker and token ids
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }
}
