using Microsoft.AspNetCore.Components;

namespace ExpO.Server.Pages;

/// <summary>
/// The participant client's boot files (runtime, assemblies), by their fingerprinted URLs, as this build's manifest
/// lists them: what <see cref="ClientFiles"/> checks is in the web root.
/// </summary>
public sealed class ClientBootFiles(EndpointDataSource endpoints)
{
    IReadOnlyList<ResourceAsset>? _assets;

    /// <summary>The boot files as the build's manifest lists them: URL, and its plain name (the "label").</summary>
    public IReadOnlyList<ResourceAsset> BootAssets => _assets ??= Find();

    /// <summary>A boot file's plain name (dotnet.js is stored under it, the assemblies under their fingerprinted URL).</summary>
    public static string? Label(ResourceAsset asset) => asset.Properties?.FirstOrDefault(p => p.Name == "label")?.Value;

    // The study page's endpoint carries the asset list MapStaticAssets made from this build's manifest (so no stale
    // file of an earlier publish): the runtime and assemblies under _framework by their fingerprinted URLs, which are
    // what the client asks for and may cache for a year (an asset with a "label", its plain name, is the fingerprinted
    // one; each is also listed by its plain name).
    IReadOnlyList<ResourceAsset> Find() =>
        endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<ResourceAssetCollection>()).FirstOrDefault(c => c is not null) is { } assets
            ? assets.Where(a => Label(a) is not null && BootFile(a.Url)).ToList()
            : [];

    static bool BootFile(string url) => url.StartsWith("_framework/", StringComparison.Ordinal)
        && (url.EndsWith(".wasm", StringComparison.Ordinal) || Path.GetFileName(url).StartsWith("dotnet.", StringComparison.Ordinal) && url.EndsWith(".js", StringComparison.Ordinal));
}
