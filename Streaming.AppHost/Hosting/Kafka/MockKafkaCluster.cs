using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Streaming.AppHost.Hosting.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster (one broker) speaking the Kafka protocol on loopback. It lives as long as
/// the client that created it. Pinned to Confluent.Kafka / librdkafka 2.16.0: the mock API is experimental.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int BrokerId = 1;

    private readonly IProducer<Null, Null> _holder;
    private readonly MockApi _api;
    private readonly IntPtr _mcluster;
    private readonly LoopbackForwarder? _forwarder;
    private readonly Lock _gate = new();
    private bool _disposed;

    public string BootstrapServers { get; }

    private MockKafkaCluster(IProducer<Null, Null> holder, MockApi api, IntPtr mcluster, LoopbackForwarder? forwarder, string bootstrapServers)
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

        LoopbackForwarder? forwarder = null;
        try
        {
            var api = MockApi.Load();
            var mcluster = api.HandleMockCluster(LibrdkafkaHandle(holder));
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
                forwarder = new LoopbackForwarder(port, ParseEndPoint(mockAddress));
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

    private static IntPtr LibrdkafkaHandle(IClient client)
    {
        // Handle.LibrdkafkaHandle (the rd_kafka_t*) is internal in Confluent.Kafka 2.16.0.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle not found; is Confluent.Kafka still 2.16.0?");
        var handle = property.GetValue(client.Handle) as SafeHandle
            ?? throw new InvalidOperationException("Confluent.Kafka client has no librdkafka handle.");
        return handle.DangerousGetHandle();
    }

    private static IPEndPoint ParseEndPoint(string bootstraps)
    {
        var first = bootstraps.Split(',')[0];
        var colon = first.LastIndexOf(':');
        return new IPEndPoint(IPAddress.Parse(first[..colon]), int.Parse(first[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The rd_kafka_mock_* functions, taken from the very librdkafka instance Confluent.Kafka loaded.</summary>
    private sealed class MockApi
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr HandleMockClusterFn(IntPtr rk);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr ClusterBootstrapsFn(IntPtr mcluster);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int TopicCreateFn(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int BrokerSetUpDownFn(IntPtr mcluster, int brokerId);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void GroupInitialRebalanceDelayMsFn(IntPtr mcluster, int delayMs);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void BrokerSetHostPortFn(IntPtr mcluster, int brokerId, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void PushRequestErrorsArrayFn(IntPtr mcluster, short apiKey, nuint count, int[] errors);

        public required HandleMockClusterFn HandleMockCluster { get; init; }
        public required PushRequestErrorsArrayFn PushRequestErrorsArray { get; init; }
        public required ClusterBootstrapsFn ClusterBootstraps { get; init; }
        public required TopicCreateFn TopicCreate { get; init; }
        public required BrokerSetUpDownFn BrokerSetDown { get; init; }
        public required BrokerSetUpDownFn BrokerSetUp { get; init; }
        public required BrokerSetHostPortFn BrokerSetHostPort { get; init; }
        public required GroupInitialRebalanceDelayMsFn GroupInitialRebalanceDelayMs { get; init; }

        private static MockApi? s_instance;

        public static MockApi Load()
        {
            if (s_instance is not null)
            {
                return s_instance;
            }
            var lib = LoadedLibrdkafka();
            return s_instance = new MockApi
            {
                HandleMockCluster = Export<HandleMockClusterFn>(lib, "rd_kafka_handle_mock_cluster"),
                ClusterBootstraps = Export<ClusterBootstrapsFn>(lib, "rd_kafka_mock_cluster_bootstraps"),
                TopicCreate = Export<TopicCreateFn>(lib, "rd_kafka_mock_topic_create"),
                BrokerSetDown = Export<BrokerSetUpDownFn>(lib, "rd_kafka_mock_broker_set_down"),
                BrokerSetUp = Export<BrokerSetUpDownFn>(lib, "rd_kafka_mock_broker_set_up"),
                BrokerSetHostPort = Export<BrokerSetHostPortFn>(lib, "rd_kafka_mock_broker_set_host_port"),
                GroupInitialRebalanceDelayMs = Export<GroupInitialRebalanceDelayMsFn>(lib, "rd_kafka_mock_group_initial_rebalance_delay_ms"),
                PushRequestErrorsArray = Export<PushRequestErrorsArrayFn>(lib, "rd_kafka_mock_push_request_errors_array"),
            };
        }

        private static T Export<T>(IntPtr lib, string name) where T : Delegate =>
            Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(lib, name));

        /// <summary>
        /// Confluent.Kafka picks one of several builds at run time (on Debian 12 centos8-librdkafka.so, because the
        /// default one needs libsasl2.so.3). A second copy would have its own globals, so find the mapped file;
        /// dlopen of an already loaded file returns the same instance.
        /// </summary>
        private static IntPtr LoadedLibrdkafka()
        {
            var mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : null)
                .FirstOrDefault(path => path is not null && path.EndsWith("librdkafka.so", StringComparison.Ordinal));
            if (mapped is not null && NativeLibrary.TryLoad(mapped, out var handle))
            {
                return handle;
            }

            // Not mapped (unexpected once a client exists): probe where Confluent.Kafka would, in its order.
            var directories = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Handle).Assembly.Location) }
                .Where(d => !string.IsNullOrEmpty(d))
                .SelectMany(d => new[] { Path.Combine(d!, "runtimes", "linux-x64", "native"), d! })
                .Distinct();
            foreach (var directory in directories)
            {
                foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
                {
                    var path = Path.Combine(directory, file);
                    if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle))
                    {
                        return handle;
                    }
                }
            }
            throw new DllNotFoundException("Could not find the librdkafka native library that Confluent.Kafka loaded.");
        }
    }

    /// <summary>
    /// Gives the mock broker a stable address: its own listener port is random, so clients connect here and
    /// metadata advertises this port.
    /// </summary>
    private sealed class LoopbackForwarder : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly IPEndPoint _target;
        private readonly CancellationTokenSource _cts = new();
        private readonly ConcurrentDictionary<Socket, Socket> _connections = new();
        private readonly Task _acceptLoop;
        private volatile bool _refusing;

        public LoopbackForwarder(int port, IPEndPoint target)
        {
            _target = target;
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>
        /// While refusing, the port stays bound (nothing else can take it) but every connection is reset, like a
        /// broker that is down; open connections are dropped so no client keeps a working path.
        /// </summary>
        public void Refuse(bool refuse)
        {
            _refusing = refuse;
            if (refuse)
            {
                foreach (var client in _connections.Keys)
                {
                    Close(client);
                }
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(_cts.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (_cts.IsCancellationRequested)
                    {
                        return;
                    }
                    continue;
                }
                _ = RelayAsync(client);
            }
        }

        private async Task RelayAsync(Socket client)
        {
            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            _connections[client] = upstream;
            try
            {
                if (_refusing)
                {
                    return;
                }
                await upstream.ConnectAsync(_target, _cts.Token);
                if (_refusing)
                {
                    return;
                }
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
                // Whichever side closes first ends the pair: Kafka has no use for half-open connections.
                await Task.WhenAny(clientStream.CopyToAsync(upstreamStream, _cts.Token), upstreamStream.CopyToAsync(clientStream, _cts.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _connections.TryRemove(client, out _);
                Close(client);
                Close(upstream);
            }
        }

        private static void Close(Socket socket)
        {
            try
            {
                // Abortive close (RST): a refused or dropped connection fails fast instead of lingering.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _cts.Cancel();
            _listener.Stop();
            foreach (var (client, upstream) in _connections)
            {
                Close(client);
                Close(upstream);
            }
            try
            {
                _acceptLoop.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
            _cts.Dispose();
        }
    }
}
