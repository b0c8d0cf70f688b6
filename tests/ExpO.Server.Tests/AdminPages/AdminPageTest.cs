using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace ExpO.Server.Tests.AdminPages;

/// <summary>One bUnit set-up for the researchers' pages: MudBlazor services, loose JS interop, an interactive server renderer.</summary>
public abstract class AdminPageTest : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // Some MudBlazor services (the text field's) can only be disposed asynchronously; xUnit then calls Dispose on an
    // already disposed context, which does nothing.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected AdminPageTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // The pages' frame reads the study's settings and the sign-in: these tests look at the content it frames.
        ComponentFactories.AddStub<ExpO.Server.Admin.AdminLayout>(p => p.Get(x => x.ChildContent) ?? (_ => { }));
    }
}
