namespace ExpO.Server.Hosting;

/// <summary>
/// What browsers may keep. Static assets come with their own rule from MapStaticAssets (fingerprinted: a year,
/// immutable; others: revalidate by ETag). Everything else, the HTML pages and the API, is never stored: a page or a
/// state from a cache would show a participant a stale study.
/// </summary>
public static class CachingHeaders
{
    public static WebApplication UseStudyCaching(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("Cache-Control")) context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }
}
