using ExpO.Client.Services;
using ExpO.Shared.Study.Participants;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<PageEffects>();
builder.Services.AddScoped<ApiWaits>();
builder.Services.AddScoped<IStudyApi>(sp => new StudyApiClient(sp.GetRequiredService<HttpClient>(), waits: sp.GetRequiredService<ApiWaits>()));
await builder.Build().RunAsync();
