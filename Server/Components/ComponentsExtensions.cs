namespace ExpO.Server.Components;

public static class ComponentsExtensions
{
    /// <summary>The Blazor host: participant pages from the Client assembly, run as WebAssembly.</summary>
    public static WebApplicationBuilder AddStudyPages(this WebApplicationBuilder builder)
    {
        // `dotnet run` serves the client's files from the build output in every environment (the README's run
        // command starts in Production); a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveWebAssemblyComponents();
        return builder;
    }

    public static WebApplication MapStudyPages(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveWebAssemblyRenderMode()
            .AddAdditionalAssemblies(typeof(ExpO.Client._Imports).Assembly);
        return app;
    }
}
