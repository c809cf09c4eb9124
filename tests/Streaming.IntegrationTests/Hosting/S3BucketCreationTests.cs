using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Hosting.S3;

namespace Streaming.IntegrationTests.Hosting;

/// <summary>
/// The bucket is created on a Swift that is still starting: its s3api answers 503 "Please reduce your request rate"
/// to HeadBucket as well as to PutBucket for a few seconds (seen on a fresh machine's first start, where the API then
/// failed to start). A stand-in S3 endpoint over a real socket answers the way Swift does.
/// </summary>
public sealed class S3BucketCreationTests
{
    private const string SlowDown = """<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>""";

    [Fact]
    public async Task A_server_that_answers_503_to_the_first_bucket_checks_gets_the_bucket_once_it_is_ready()
    {
        var requests = new ConcurrentQueue<string>();
        var created = false;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = builder.Build();
        server.Run(async context =>
        {
            requests.Enqueue(context.Request.Method);
            var busy = requests.Count <= 4;
            context.Response.StatusCode = (busy, context.Request.Method, created) switch
            {
                (true, _, _) => StatusCodes.Status503ServiceUnavailable,
                (false, "PUT", _) => StatusCodes.Status200OK,
                (false, "HEAD", true) => StatusCodes.Status200OK,
                _ => StatusCodes.Status404NotFound,
            };
            created |= !busy && context.Request.Method == "PUT";
            if (busy && context.Request.Method != "HEAD")
            {
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(SlowDown);
            }
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await S3BucketCreation.EnsureAsync($"Endpoint={address};AccessKey=dev;SecretKey=dev-secret", "vod", timeout.Token);

        Assert.True(created, $"No bucket was created; requests: {string.Join(", ", requests)}");
        Assert.Equal(["HEAD", "HEAD", "HEAD", "HEAD"], requests.Take(4));
    }
}
