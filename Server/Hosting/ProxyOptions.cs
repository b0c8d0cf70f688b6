using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Hosting;

/// <summary>
/// Which reverse proxies' X-Forwarded-For and X-Forwarded-Proto are believed (section "Hosting"): by default loopback
/// (a proxy on the same host, the framework's default); configured, KnownProxies (addresses) and KnownNetworks (CIDR,
/// e.g. a Docker network) replace it. Anyone else's forwarded headers are ignored, so no client can choose its own
/// address for the abuse limits or claim HTTPS.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Hosting";

    public string[] KnownProxies { get; set; } = [];
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Applies the checked addresses to ASP.NET Core's forwarded-headers options.</summary>
    public void Apply(ForwardedHeadersOptions o)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        if (KnownProxies.Length == 0 && KnownNetworks.Length == 0) return;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var text in KnownProxies) o.KnownProxies.Add(IPAddress.Parse(text));
        foreach (var text in KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(text));
    }
}

/// <summary>Every proxy is an IP address and every network a CIDR range.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = options.KnownProxies.Where(t => !IPAddress.TryParse(t, out _)).Select(t => $"Hosting:KnownProxies: '{t}' is not an IP address.")
            .Concat(options.KnownNetworks.Where(t => !System.Net.IPNetwork.TryParse(t, out _)).Select(t => $"Hosting:KnownNetworks: '{t}' is not a network such as 172.16.0.0/12."))
            .ToList();
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
