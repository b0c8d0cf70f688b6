using ExpO.Server.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExpO.Server.Pages;

/// <summary>
/// Whether the participant client's boot files are in the web root. A server started from the wrong folder (content
/// root) still mapped every client route from its manifest, answered each with an empty 200, and said Healthy, while
/// participants consented and then hung at "Loading your study..."; so a start without them stops, and /health fails
/// if they go missing later.
/// </summary>
public sealed class ClientFiles(ClientBootFiles client, IWebHostEnvironment environment) : IHealthCheck
{
    /// <summary>What is wrong, or null when every boot file is there.</summary>
    public string? Problem()
    {
        var files = client.BootAssets;
        if (files.Count == 0)
            return "this build lists no participant client files (ExpO.Server.staticwebassets.endpoints.json beside the server has none)";
        bool Exists(string? path) => path is not null && environment.WebRootFileProvider.GetFileInfo(path).Exists;
        var missing = files.Where(f => !Exists(f.Url) && !Exists(ClientBootFiles.Label(f))).Select(f => f.Url).ToList();
        return missing.Count == 0 ? null
            : $"{missing.Count} of the participant client's {files.Count} files are not in the web root {environment.WebRootPath ?? environment.ContentRootPath + "/wwwroot"} " +
              $"(the first: {missing[0]})";
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Problem() is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());

    /// <summary>Stops the start, naming the folder, when the client's files are not there.</summary>
    public void EnsurePresent()
    {
        if (Problem() is { } problem)
            throw new StartupProblemException($"{problem}. Start the server in its own folder (./run.sh, or `dotnet ExpO.Server.dll` inside published/), " +
                "or give that folder as --contentRoot.");
    }
}
