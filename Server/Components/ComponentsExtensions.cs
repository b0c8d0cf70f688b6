using ExpO.Server.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpO.Server.Components;

public static class ComponentsExtensions
{
    /// <summary>
    /// The Blazor host: the participant's own page (/s/{token}) from the Client assembly, run as WebAssembly; and the
    /// researchers' interactive tables, run on the server, so nothing of them reaches a participant's download.
    /// </summary>
    public static WebApplicationBuilder AddStudyPages(this WebApplicationBuilder builder)
    {
        // `dotnet run` serves the client's files from the build output in every environment (the README's run
        // command starts in Production); a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveWebAssemblyComponents().AddInteractiveServerComponents();
        builder.Services.AddSingleton<ClientBootFiles>();
        builder.Services.AddSingleton<ClientFiles>();
        builder.Services.AddHealthChecks().AddCheck<ClientFiles>("client", tags: [Hosting.HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapStudyPages(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveWebAssemblyRenderMode()
            .AddInteractiveServerRenderMode() // the researchers' tables only (Server/Admin)
            .AddAdditionalAssemblies(typeof(ExpO.Client._Imports).Assembly);
        // Any other address a browser asks for (a mistyped link, an /admin page that does not exist) gets a page that says so,
        // not an empty 404; /api has its own fallback with problem details.
        app.MapFallback("{**path}", () => new RazorComponentResult<NotFoundPage> { StatusCode = StatusCodes.Status404NotFound });
        // The endpoints as mapped so far: the service's own data source is filled only when the pipeline is built.
        var mapped = new ClientBootFiles(new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources));
        new ClientFiles(mapped, app.Environment).EnsurePresent();
        return app;
    }
}
