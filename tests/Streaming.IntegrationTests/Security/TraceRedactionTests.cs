using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Security;

/// <summary>
/// No trace attribute holds a signature or a playback credential. A real HTTP request into a host with the services' telemetry
/// defaults, with OpenTelemetry's own query redaction turned off the way the AppHost turns it off in Development.
/// </summary>
public sealed class TraceRedactionTests
{
    private const string Signature = "c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ";
    private const string Credential = "Y3JlZGVudGlhbC1wYXlsb2Fk.c2Vzc2lvbi1ib3VuZC1tYWM";

    [Fact]
    public async Task Spans_keep_the_query_but_not_the_signature()
    {
        var recorded = new ConcurrentQueue<Activity>();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
        builder.Configuration["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(recorded)));
        await using var host = builder.Build();
        host.MapGet("/api/v1/playback/{credential}/{movie}/index.m3u8", () => "#EXTM3U");
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // Other tests of this process make HTTP calls of their own and the listener sees every span of the process: only
        // this request's two spans count.
        var movie = Guid.NewGuid().ToString();
        bool Ours(Activity activity) => activity.Tags.Any(tag => tag.Value?.Contains(movie, StringComparison.Ordinal) == true);
        using (var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient())
        {
            // The credential as a path segment (today's manifest URLs) and a signature in the query (any older link).
            using var response = await http.GetAsync($"{address}/api/v1/playback/{Credential}/{movie}/index.m3u8?exp=1800000000&sig={Signature}");
            response.EnsureSuccessStatusCode();
        }
        // Spans end asynchronously after the response.
        await Eventually.TrueAsync(() => Task.FromResult(recorded.Count(Ours) >= 2), "the request's server and client spans");
        await host.StopAsync();
        var ours = recorded.Where(Ours).ToList();

        var server = Assert.Single(ours, a => a.Kind == ActivityKind.Server);
        var client = Assert.Single(ours, a => a.Kind == ActivityKind.Client);
        var query = Assert.IsType<string>(server.GetTagItem("url.query"));
        Assert.Contains("/api/v1/playback/Redacted/", Assert.IsType<string>(server.GetTagItem("url.path")));
        Assert.NotNull(client.GetTagItem("url.full"));
        // OpenTelemetry's redaction is off, so the rest of the query stays legible: the span is what an unredacted one
        // holds. (.NET's HttpClient hides a client span's whole query by itself.)
        Assert.True(query.Contains("exp=1800000000", StringComparison.Ordinal), $"url.query = {query}");
        foreach (var activity in ours)
        {
            foreach (var (name, value) in activity.Tags)
            {
                Assert.False(value?.Contains(Signature, StringComparison.Ordinal) == true, $"{activity.Kind} span attribute {name} = {value}");
                Assert.False(value?.Contains(Credential, StringComparison.Ordinal) == true, $"{activity.Kind} span attribute {name} = {value}");
            }
        }
    }

    private sealed class Recorder(ConcurrentQueue<Activity> recorded) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => recorded.Enqueue(data);
    }
}
