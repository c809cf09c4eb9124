using System.Net;

namespace Streaming.Api.Http;

public static class TrustedProxies
{
    public const string ProxiesSetting = "TRUSTED_PROXIES";

    /// <summary>ASP.NET Core's host filtering list, read here too for forwarded hosts.</summary>
    public const string AllowedHostsSetting = "AllowedHosts";

    /// <summary>
    /// Honours X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host only from the proxies listed in
    /// <c>TRUSTED_PROXIES</c> (comma-separated IPs or CIDR networks). Nothing else is trusted, not even loopback, so a
    /// client can neither forge its session IP nor choose the scheme and host of the links it is given. A forwarded
    /// host must also be one of <c>AllowedHosts</c> (the list the host filter checks the Host header against).
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = (configuration[ProxiesSetting] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var allowedHosts = (configuration[AllowedHostsSetting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no known proxy at all the middleware trusts every sender, so none configured must mean off.
            // This also disarms the middleware ASPNETCORE_FORWARDEDHEADERS_ENABLED (set by Aspire) inserts.
            options.ForwardedHeaders = trusted.Length == 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                    | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                    | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in trusted)
            {
                if (entry.Contains('/'))
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
            // Empty means any host; "*" is how AllowedHosts says the same.
            options.AllowedHosts = allowedHosts.Contains("*") ? [] : allowedHosts;
        });
        return services;
    }
}
