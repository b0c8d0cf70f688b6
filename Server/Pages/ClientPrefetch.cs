using Microsoft.AspNetCore.Components;

namespace ExpO.Server.Pages;

/// <summary>
/// The client's boot files (the ones the study page preloads: runtime, assemblies), by their fingerprinted URLs. The
/// entry page asks the browser to prefetch them while the participant reads the consent, so the study page after
/// "I agree" starts from the cache instead of a 2.4 MB download.
/// </summary>
public sealed class ClientPrefetch(EndpointDataSource endpoints)
{
    IReadOnlyList<ResourceAsset>? _assets;

    public IReadOnlyList<string> Urls => BootAssets.Select(a => a.Url).ToList();

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
