using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Hosting;

/// <summary>
/// Which reverse proxies' X-Forwarded-For and X-Forwarded-Proto are believed: by default loopback (a proxy on the
/// same host, the framework's default); configured, "Hosting:KnownProxies" (addresses) and "Hosting:KnownNetworks"
/// (CIDR, e.g. a Docker network) replace it. Anyone else's forwarded headers are ignored, so no client can choose its
/// own address for the abuse limits or claim HTTPS.
/// </summary>
public static class ProxyOptions
{
    public static void Apply(IConfiguration configuration, ForwardedHeadersOptions o)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (configuration.GetSection("Hosting:KnownProxies").Exists() || configuration.GetSection("Hosting:KnownNetworks").Exists())
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
        }
        foreach (var text in configuration.GetSection("Hosting:KnownProxies").Get<string[]>() ?? [])
            o.KnownProxies.Add(IPAddress.TryParse(text, out var ip) ? ip
                : throw new OptionsValidationException("Hosting", typeof(ForwardedHeadersOptions), [$"Hosting:KnownProxies: '{text}' is not an IP address."]));
        foreach (var text in configuration.GetSection("Hosting:KnownNetworks").Get<string[]>() ?? [])
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text, out var network) ? network
                : throw new OptionsValidationException("Hosting", typeof(ForwardedHeadersOptions), [$"Hosting:KnownNetworks: '{text}' is not a network such as 172.16.0.0/12."]));
    }
}
