using System.Runtime.InteropServices;
using System.Text;

namespace Torghut.KafkaMock;

/// <summary>
/// The few librdkafka entry points needed to run a mock cluster, bound at run time with function pointers.
/// Loads <c>centos8-librdkafka.so</c> first: the plain <c>librdkafka.so</c> links libsasl2.so.3, which Debian 12 lacks.
/// </summary>
internal sealed unsafe class RdKafkaMock : IDisposable
{
    private static readonly string[] Candidates = ["centos8-librdkafka.so", "librdkafka.so", "alpine-librdkafka.so"];

    private readonly IntPtr _lib;
    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private readonly delegate* unmanaged<IntPtr, void> _clusterDestroy;
    private readonly delegate* unmanaged<IntPtr, void> _destroy;
    private readonly delegate* unmanaged<IntPtr, byte*, int, int, int> _topicCreate;
    private readonly delegate* unmanaged<IntPtr, int, void> _rebalanceDelay;
    private readonly delegate* unmanaged<IntPtr, int, void> _consumerSessionTimeout;
    private readonly delegate* unmanaged<IntPtr, int, void> _consumerHeartbeatInterval;
    private readonly delegate* unmanaged<IntPtr, int, int> _brokerDown;
    private readonly delegate* unmanaged<IntPtr, int, int> _brokerUp;
    private readonly int _brokerCount;
    private bool _disposed;

    public RdKafkaMock(int brokers)
    {
        _lib = LoadLibrary();
        var confNew = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(_lib, "rd_kafka_conf_new");
        var confSet = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)NativeLibrary.GetExport(_lib, "rd_kafka_conf_set");
        var kafkaNew = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)NativeLibrary.GetExport(_lib, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<IntPtr, int, IntPtr>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_cluster_new");
        _clusterDestroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_cluster_destroy");
        _destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(_lib, "rd_kafka_destroy");
        _topicCreate = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_topic_create");
        _bootstraps = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_cluster_bootstraps");
        _rebalanceDelay = NativeLibrary.TryGetExport(_lib, "rd_kafka_mock_group_initial_rebalance_delay_ms", out var p)
            ? (delegate* unmanaged<IntPtr, int, void>)p : null;
        _consumerSessionTimeout = NativeLibrary.TryGetExport(_lib, "rd_kafka_mock_set_group_consumer_session_timeout_ms", out var st)
            ? (delegate* unmanaged<IntPtr, int, void>)st : null;
        _consumerHeartbeatInterval = NativeLibrary.TryGetExport(_lib, "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms", out var hb)
            ? (delegate* unmanaged<IntPtr, int, void>)hb : null;
        _brokerDown = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_broker_set_down");
        _brokerUp = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(_lib, "rd_kafka_mock_broker_set_up");
        _brokerCount = brokers;

        var errstr = stackalloc byte[512];
        var conf = confNew();
        // The handle that owns the mock cluster never produces; keep its own logging quiet.
        Set(confSet, conf, "log_level", "3", errstr);
        _client = kafkaNew(0 /* RD_KAFKA_PRODUCER */, conf, errstr, 512);
        if (_client == IntPtr.Zero)
            throw new InvalidOperationException("rd_kafka_new failed: " + Marshal.PtrToStringUTF8((IntPtr)errstr));
        _cluster = clusterNew(_client, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
    }

    private readonly delegate* unmanaged<IntPtr, IntPtr> _bootstraps;

    public string Bootstraps => Marshal.PtrToStringUTF8(_bootstraps(_cluster)) ?? "";

    public bool CanSetRebalanceDelay => _rebalanceDelay != null;

    public void CreateTopic(string topic, int partitions, int replication)
    {
        var name = Encoding.UTF8.GetBytes(topic + "\0");
        fixed (byte* n = name)
        {
            var err = _topicCreate(_cluster, n, partitions, replication);
            if (err != 0) throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with error {err}");
        }
    }

    /// <summary>Takes brokers down or up (ids 1..N; null = all): an outage clients must ride out.</summary>
    public void SetBrokers(bool up, int? brokerId)
    {
        var ids = brokerId is { } id ? [id] : Enumerable.Range(1, _brokerCount).ToArray();
        foreach (var b in ids)
        {
            var err = up ? _brokerUp(_cluster, b) : _brokerDown(_cluster, b);
            if (err != 0) throw new InvalidOperationException($"broker {b} {(up ? "up" : "down")} failed with error {err}");
        }
    }

    public void SetGroupInitialRebalanceDelay(int ms)
    {
        if (_rebalanceDelay != null) _rebalanceDelay(_cluster, ms);
    }

    /// <summary>
    /// Consumer-protocol (KIP-848) groups: how long a silent member keeps its partitions, and how often members
    /// heartbeat. Broker-side settings; tests of a killed member shorten them (defaults 45 s / 3 s).
    /// </summary>
    public void SetConsumerGroupTimings(int sessionTimeoutMs, int heartbeatIntervalMs)
    {
        if (_consumerSessionTimeout == null || _consumerHeartbeatInterval == null)
            throw new InvalidOperationException("this librdkafka has no consumer-group timing controls for its mock cluster");
        _consumerSessionTimeout(_cluster, sessionTimeoutMs);
        _consumerHeartbeatInterval(_cluster, heartbeatIntervalMs);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _clusterDestroy(_cluster);
        _destroy(_client);
    }

    private static void Set(delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> confSet, IntPtr conf, string name, string value, byte* errstr)
    {
        var n = Encoding.UTF8.GetBytes(name + "\0");
        var v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n)
        fixed (byte* pv = v)
        {
            if (confSet(conf, pn, pv, errstr, 512) != 0)
                throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: " + Marshal.PtrToStringUTF8((IntPtr)errstr));
        }
    }

    private static IntPtr LoadLibrary()
    {
        var dirs = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") };
        var errors = new List<string>();
        foreach (var dir in dirs)
        foreach (var name in Candidates)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) continue;
            if (NativeLibrary.TryLoad(path, out var handle)) return handle;
            errors.Add(path);
        }
        throw new DllNotFoundException("no loadable librdkafka found; tried: " + (errors.Count == 0 ? "(no files)" : string.Join(", ", errors)));
    }
}
