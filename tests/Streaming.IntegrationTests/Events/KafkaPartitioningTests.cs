using System.Net;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// Topics partitioned for a scaled deployment, and keys placed on the partition the Java client
/// would choose, so that a Java or Debezium producer and ours put one user's events on the same partition.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class KafkaPartitioningTests(EventsApp app) : IDisposable
{
    private const int Partitions = 12;
    private readonly KafkaEventCollector _events = new(app.KafkaBootstrapServers);

    public void Dispose() => _events.Dispose();

    [Fact]
    public async Task Every_stream_topic_has_twelve_partitions()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = await app.ConnectionStringAsync(ResourceNames.Kafka) })
            .SetLogHandler((_, _) => { }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        foreach (var topic in KafkaEventCollector.Topics)
        {
            var found = Assert.Single(metadata.Topics, t => t.Topic == topic);
            Assert.Equal(Partitions, found.Partitions.Count);
        }
    }

    [Fact]
    public async Task Each_users_events_land_on_the_partition_of_the_java_clients_murmur2()
    {
        // The helper is the Java client's Utils.murmur2: Kafka's own test vectors.
        Assert.Equal(-973932308, JavaMurmur2("21"));
        Assert.Equal(-790332482, JavaMurmur2("foobar"));
        Assert.Equal(-985981536, JavaMurmur2("a-little-bit-long-string"));
        Assert.Equal(479470107, JavaMurmur2("abc"));

        var users = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            using var client = await app.CreateSubscriberClientAsync();
            var movie = await app.CreateTitleAsync();
            using var started = await client.PostAsJsonAsync($"/api/v1/stream/{movie}", new { manifest_type = "hls" });
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = 60 })).EnsureSuccessStatusCode();
            users.Add(client.UserId());
        }

        var partitionsUsed = new HashSet<int>();
        foreach (var user in users)
        {
            var events = await _events.WaitForAsync(user,
                e => e.Any(x => x.Topic == "stream.start") && e.Any(x => x.Topic == "stream.progress"), TimeSpan.FromSeconds(60));
            var expected = (JavaMurmur2(user.ToString()) & 0x7fffffff) % Partitions;
            Assert.All(events, e => Assert.Equal(expected, e.Partition));
            partitionsUsed.Add(expected);
        }
        // Six random users on one partition would mean the keys were not what the partitioner hashed.
        Assert.True(partitionsUsed.Count > 1, "all users' events landed on one partition");
    }

    /// <summary>org.apache.kafka.common.utils.Utils.murmur2 over the key's UTF-8 bytes.</summary>
    private static int JavaMurmur2(string key)
    {
        var data = Encoding.UTF8.GetBytes(key);
        const uint m = 0x5bd1e995;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        for (var i = 0; i + 4 <= length; i += 4)
        {
            var k = (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            k *= m;
            k ^= k >> 24;
            k *= m;
            h *= m;
            h ^= k;
        }
        var tail = length & ~3;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }
        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return unchecked((int)h);
    }
}
