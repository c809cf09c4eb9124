using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Confluent.Kafka;
using Npgsql;
using StackExchange.Redis;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests;

/// <summary>Every resource becomes healthy and each backing service really stores and returns data.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class BackingServicesTests(ApiContractApp app)
{
    [Fact]
    public async Task Every_resource_reaches_healthy()
    {
        foreach (var resource in ResourceNames.Infrastructure.Concat(ResourceNames.Services))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var healthy = await app.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            Assert.Equal(resource, healthy.Resource.Name);
        }
    }

    [Fact]
    public async Task Api_health_reports_each_dependency()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("ok", health.GetProperty("s3").GetString());
        Assert.Equal("ok", health.GetProperty("redis").GetString());
        Assert.Equal("enabled", health.GetProperty("kafka").GetString());
        Assert.Equal("ok", health.GetProperty("postgres").GetString());
        Assert.Equal("ok", health.GetProperty("user_service").GetString());
    }

    [Fact]
    public async Task Postgres_has_the_migrated_schema_and_keeps_rows()
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        var user = Guid.NewGuid();
        var movie = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO watch_progress (user_id, movie_id, position_seconds, last_watched_at) VALUES ($1, $2, 42, now())", connection))
        {
            insert.Parameters.Add(new() { Value = user });
            insert.Parameters.Add(new() { Value = movie });
            await insert.ExecuteNonQueryAsync();
        }
        await using var select = new NpgsqlCommand("SELECT position_seconds FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection);
        select.Parameters.Add(new() { Value = user });
        select.Parameters.Add(new() { Value = movie });
        Assert.Equal(42, await select.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Redis_keeps_a_value()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis) + ",allowAdmin=true");
        var key = $"test:{Guid.NewGuid():N}";
        await redis.GetDatabase().StringSetAsync(key, "hello");
        Assert.Equal("hello", (string?)await redis.GetDatabase().StringGetAsync(key));
        var config = await redis.GetServers()[0].ConfigGetAsync("appendonly");
        Assert.Equal("yes", config.Single().Value);
    }

    [Fact]
    public async Task S3_serves_an_upload_through_a_presigned_url_and_refuses_unsigned_requests()
    {
        var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3));
        using var client = s3.CreateClient();
        var key = $"tests/{Guid.NewGuid():N}.txt";
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "vod", Key = key, ContentBody = "segment bytes", ContentType = "text/plain", UseChunkEncoding = false,
        });
        var signed = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "vod", Key = key, Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP,
        });

        using var http = new HttpClient();
        Assert.Equal("segment bytes", await http.GetStringAsync(signed));
        using var unsigned = await http.GetAsync(signed.Split('?')[0]);
        Assert.True(unsigned.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
            $"An unsigned request must be refused; got {(int)unsigned.StatusCode}.");
    }

    [Fact]
    public async Task Kafka_delivers_a_message_to_a_separate_consumer()
    {
        var bootstrap = await app.ConnectionStringAsync(ResourceNames.Kafka);
        var topic = "stream.start";
        var key = Guid.NewGuid().ToString();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All }).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = "{\"probe\":true}" });
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var consumed = await Eventually.ValueAsync(() => Task.FromResult(consumer.Consume(TimeSpan.FromSeconds(1))),
            result => result?.Message.Key == key, "the produced message is consumed", TimeSpan.Zero, _ => "other messages");
        Assert.Equal("{\"probe\":true}", consumed.Message.Value);
    }
}
