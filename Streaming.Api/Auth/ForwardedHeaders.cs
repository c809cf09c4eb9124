using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Streaming.Api.Auth;

public static class ForwardedHeaders
{
    /// <summary>
    /// Honours X-Forwarded-For only from the proxies listed in <c>TRUSTED_PROXIES</c> (comma-separated IPs or
    /// CIDR networks). Nothing else is trusted, not even loopback, so a client cannot forge its session IP.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = (configuration["TRUSTED_PROXIES"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no known proxy at all the middleware trusts every sender, so none configured must mean off.
            // This also disarms the middleware ASPNETCORE_FORWARDEDHEADERS_ENABLED (set by Aspire) inserts.
            options.ForwardedHeaders = trusted.Length == 0
                ? Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None
                : Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor;
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
        });
        return services;
    }
}
