using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Streaming.Hosting.Kafka.Native;

/// <summary>The rd_kafka_mock_* functions, taken from the very librdkafka instance Confluent.Kafka loaded.</summary>
internal sealed class LibrdkafkaMockApi
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

    private static LibrdkafkaMockApi? s_instance;

    public static LibrdkafkaMockApi Load()
    {
        if (s_instance is not null)
        {
            return s_instance;
        }
        var lib = LoadedLibrdkafka();
        return s_instance = new LibrdkafkaMockApi
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


    /// <summary>The rd_kafka_t* of a Confluent.Kafka client, for the mock functions that take one.</summary>
    public static IntPtr ClientHandle(IClient client)
    {
        // Handle.LibrdkafkaHandle (the rd_kafka_t*) is internal in Confluent.Kafka 2.16.0.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle not found; is Confluent.Kafka still 2.16.0?");
        var handle = property.GetValue(client.Handle) as SafeHandle
            ?? throw new InvalidOperationException("Confluent.Kafka client has no librdkafka handle.");
        return handle.DangerousGetHandle();
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
