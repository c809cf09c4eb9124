using System.Net;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Streaming.Hosting.Kafka.Native;

namespace Streaming.Hosting.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster (one broker) speaking the Kafka protocol on loopback. It lives as long as
/// the client that created it. Pinned to Confluent.Kafka / librdkafka 2.16.0: the mock API is experimental.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int BrokerId = 1;

    private readonly IProducer<Null, Null> _holder;
    private readonly LibrdkafkaMockApi _api;
    private readonly IntPtr _mcluster;
    private readonly TcpForwarder? _forwarder;
    private readonly Lock _gate = new();
    private bool _disposed;

    public string BootstrapServers { get; }

    private MockKafkaCluster(IProducer<Null, Null> holder, LibrdkafkaMockApi api, IntPtr mcluster, TcpForwarder? forwarder, string bootstrapServers)
    {
        _holder = holder;
        _api = api;
        _mcluster = mcluster;
        _forwarder = forwarder;
        BootstrapServers = bootstrapServers;
    }

    public static MockKafkaCluster Start(int? fixedPort, IEnumerable<string> topics, int partitions)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"The librdkafka mock cluster is only wired up for linux-x64 (this is {RuntimeInformation.RuntimeIdentifier}). Use a real Kafka broker here.");
        }

        var holder = new ProducerBuilder<Null, Null>(new Dictionary<string, string>
        {
            ["test.mock.num.brokers"] = "1",
            // The holder never produces; it only keeps the cluster alive. Its errors (e.g. while the broker is
            // deliberately down) are expected, so they must not reach stderr.
            ["log.connection.close"] = "false",
        })
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();

        TcpForwarder? forwarder = null;
        try
        {
            var api = LibrdkafkaMockApi.Load();
            var mcluster = api.HandleMockCluster(LibrdkafkaMockApi.ClientHandle(holder));
            if (mcluster == IntPtr.Zero)
            {
                throw new InvalidOperationException("librdkafka did not create a mock cluster for test.mock.num.brokers=1.");
            }

            var mockAddress = Marshal.PtrToStringUTF8(api.ClusterBootstraps(mcluster))
                ?? throw new InvalidOperationException("librdkafka returned no mock cluster address.");

            // Like a dev broker with group.initial.rebalance.delay.ms=0: a consumer gets its partitions on join, not ~3 s later.
            api.GroupInitialRebalanceDelayMs(mcluster, 0);

            foreach (var topic in topics.Distinct())
            {
                var err = api.TopicCreate(mcluster, topic, partitions, 1);
                if (err != 0)
                {
                    throw new InvalidOperationException($"Creating mock topic '{topic}' failed: {(ErrorCode)err}.");
                }
            }

            var bootstrap = mockAddress;
            if (fixedPort is int port)
            {
                forwarder = new TcpForwarder(port, ParseEndPoint(mockAddress));
                api.BrokerSetHostPort(mcluster, BrokerId, "127.0.0.1", port);
                bootstrap = $"127.0.0.1:{port}";
            }

            return new MockKafkaCluster(holder, api, mcluster, forwarder, bootstrap);
        }
        catch
        {
            forwarder?.Dispose();
            holder.Dispose();
            throw;
        }
    }

    /// <summary>Closes the broker's connections and refuses new ones; stored messages stay.</summary>
    public void SetBrokerDown()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _forwarder?.Refuse(true);
            Check(_api.BrokerSetDown(_mcluster, BrokerId), "down");
        }
    }

    public void SetBrokerUp()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Check(_api.BrokerSetUp(_mcluster, BrokerId), "up");
            _forwarder?.Refuse(false);
        }
    }

    /// <summary>
    /// The next Produce requests (one per error, from any client) are answered with these errors, e.g.
    /// <see cref="ErrorCode.OutOfOrderSequenceNumber"/>, which is fatal to an idempotent producer.
    /// </summary>
    public void FailNextProduceRequests(params ErrorCode[] errors)
    {
        const short produceApiKey = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _api.PushRequestErrorsArray(_mcluster, produceApiKey, (nuint)errors.Length, errors.Select(error => (int)error).ToArray());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _forwarder?.Dispose();
        // Destroying the client that owns the mock cluster destroys the cluster.
        _holder.Dispose();
    }

    private static void Check(int err, string state)
    {
        if (err != 0)
        {
            throw new InvalidOperationException($"Setting mock broker {BrokerId} {state} failed: {(ErrorCode)err}.");
        }
    }

    private static IPEndPoint ParseEndPoint(string bootstraps)
    {
        var first = bootstraps.Split(',')[0];
        var colon = first.LastIndexOf(':');
        return new IPEndPoint(IPAddress.Parse(first[..colon]), int.Parse(first[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
