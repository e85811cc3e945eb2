using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// Kafka connection and client settings, parsed once from configuration. Producer defaults are upstream's forwarder
/// settings (acks=all, idempotent, 5 in flight, linger 30 ms, 32 KiB batches, lz4, murmur2 partitioning).
/// The password is internal and left out of <see cref="ToString"/>: it must never reach a log or an error message.
/// </summary>
public sealed record KafkaSettings
{
    public required string BootstrapServers { get; init; }
    public SecurityProtocol SecurityProtocol { get; init; } = SecurityProtocol.Plaintext;
    public SaslMechanism SaslMechanism { get; init; } = SaslMechanism.ScramSha512;
    public string? Username { get; init; }

    /// <summary>Internal so the compiler-generated record printing never shows it.</summary>
    internal string? Password { get; init; }

    public string ClientId { get; init; } = "torghut";
    public int LingerMs { get; init; } = 30;
    public int BatchSize { get; init; } = 32768;
    public CompressionType Compression { get; init; } = CompressionType.Lz4;

    /// <summary>Records buffered (handed to the client, not yet acknowledged) before publishing waits for room.</summary>
    public int BufferRecords { get; init; } = 100_000;

    /// <summary>
    /// How long a record may wait for acknowledgement before it fails (Java's delivery.timeout.ms). 0, the default:
    /// never — a record is retried until a broker takes it, memory stays bounded by <see cref="BufferRecords"/> (the
    /// venue reader pauses) and what the venue drops meanwhile is repaired from its history (docs/adr/0012-no-trade-lost.md). A finite
    /// value makes a record fail after it; the owning lane then repairs that hole from the venue's history.
    /// </summary>
    public int DeliveryTimeoutMs { get; init; }

    public int RequestTimeoutMs { get; init; } = 15_000;
    public int FlushTimeoutMs { get; init; } = 10_000;
    public GroupProtocol GroupProtocol { get; init; } = GroupProtocol.Classic;
    public string GroupId { get; init; } = "torghut-ta";
    public AutoOffsetReset AutoOffsetReset { get; init; } = AutoOffsetReset.Earliest;

    public bool HasPassword => !string.IsNullOrEmpty(Password);

    /// <summary>True when a bootstrap address is configured (otherwise the in-process transport is used).</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[KafkaSettingKeys.Bootstrap]) ||
        !string.IsNullOrWhiteSpace(configuration[KafkaSettingKeys.BootstrapUpstream]);

    /// <exception cref="ConfigException">A setting is missing or invalid; the message names it (never a secret's value).</exception>
    public static KafkaSettings FromConfiguration(IConfiguration configuration)
    {
        var password = configuration[KafkaSettingKeys.Password] is { Length: > 0 } p ? p : configuration[KafkaSettingKeys.PasswordUpstream];
        try
        {
            return Parse(configuration, password);
        }
        catch (ConfigException e) when (!string.IsNullOrEmpty(password) && e.Message.Contains(password, StringComparison.Ordinal))
        {
            // Messages quote the bad value; a password pasted into the wrong setting must still not be shown.
            throw new ConfigException(e.Message.Replace(password, "(hidden)", StringComparison.Ordinal));
        }
    }

    private static KafkaSettings Parse(IConfiguration configuration, string? password)
    {
        // Each value by its catalogue declaration (TransportCatalogue): one rule per key, aliases included.
        var c = configuration;
        var bootstrap = TransportCatalogue.Bootstrap.Read(c)
            ?? throw new ConfigException($"{KafkaSettingKeys.Bootstrap} is not set (host:port[,host:port...])");
        var settings = new KafkaSettings
        {
            BootstrapServers = bootstrap,
            SecurityProtocol = Pick(TransportCatalogue.SecurityProtocol.Read(c)!,
                ("PLAINTEXT", SecurityProtocol.Plaintext), ("SSL", SecurityProtocol.Ssl),
                ("SASL_PLAINTEXT", SecurityProtocol.SaslPlaintext), ("SASL_SSL", SecurityProtocol.SaslSsl)),
            SaslMechanism = Pick(TransportCatalogue.SaslMechanism.Read(c)!,
                ("PLAIN", SaslMechanism.Plain), ("SCRAM-SHA-256", SaslMechanism.ScramSha256), ("SCRAM-SHA-512", SaslMechanism.ScramSha512),
                ("GSSAPI", SaslMechanism.Gssapi), ("OAUTHBEARER", SaslMechanism.OAuthBearer)),
            Username = TransportCatalogue.Username.Read(c),
            Password = password,
            ClientId = TransportCatalogue.ClientId.Read(c)!,
            LingerMs = (int)TransportCatalogue.Linger.Read(c).TotalMilliseconds,
            BatchSize = TransportCatalogue.BatchSize.ReadInt(c),
            Compression = Pick(TransportCatalogue.Compression.Read(c)!,
                ("none", CompressionType.None), ("gzip", CompressionType.Gzip), ("snappy", CompressionType.Snappy),
                ("lz4", CompressionType.Lz4), ("zstd", CompressionType.Zstd)),
            BufferRecords = TransportCatalogue.BufferRecords.ReadInt(c),
            DeliveryTimeoutMs = (int)TransportCatalogue.DeliveryTimeout.Read(c).TotalMilliseconds,
            RequestTimeoutMs = (int)TransportCatalogue.RequestTimeout.Read(c).TotalMilliseconds,
            FlushTimeoutMs = (int)TransportCatalogue.FlushTimeout.Read(c).TotalMilliseconds,
            GroupProtocol = Pick(TransportCatalogue.GroupProtocol.Read(c)!,
                ("classic", GroupProtocol.Classic), ("consumer", GroupProtocol.Consumer)),
            GroupId = TransportCatalogue.GroupId.Read(c)!,
            AutoOffsetReset = Pick(TransportCatalogue.AutoOffsetReset.Read(c)!,
                ("earliest", AutoOffsetReset.Earliest), ("latest", AutoOffsetReset.Latest)),
        };
        // KAFKA_ACKS is checked by its declaration: only all (or -1), since the producer is idempotent.
        TransportCatalogue.Acks.Check(c);

        var sasl = settings.SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
        if (sasl && settings.SaslMechanism is SaslMechanism.Plain or SaslMechanism.ScramSha256 or SaslMechanism.ScramSha512)
        {
            if (string.IsNullOrEmpty(settings.Username))
                throw new ConfigException($"{KafkaSettingKeys.Username} is required with {KafkaSettingKeys.SecurityProtocol}={settings.SecurityProtocol}");
            if (!settings.HasPassword)
                throw new ConfigException($"{KafkaSettingKeys.Password} is required with {KafkaSettingKeys.SecurityProtocol}={settings.SecurityProtocol}");
        }
        if (settings.DeliveryTimeoutMs > 0 && settings.DeliveryTimeoutMs < settings.LingerMs)
            throw new ConfigException($"{KafkaSettingKeys.DeliveryTimeoutMs} ({settings.DeliveryTimeoutMs}) must be at least {KafkaSettingKeys.LingerMs} ({settings.LingerMs})");
        return settings;
    }

    /// <summary>Upstream's forwarder producer: every record acknowledged by all in-sync replicas, no duplicates on retry.</summary>
    /// <summary>An admin client's settings (the phase gate's topic check).</summary>
    public AdminClientConfig ToAdminConfig() => new(CommonConfig()) { SocketTimeoutMs = RequestTimeoutMs };

    public ProducerConfig ToProducerConfig()
    {
        var config = new ProducerConfig(CommonConfig())
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            MaxInFlight = 5,
            LingerMs = LingerMs,
            BatchSize = BatchSize,
            CompressionType = Compression,
            // Java's default partitioner; librdkafka's default (consistent_random, CRC32) would put symbols elsewhere.
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = DeliveryTimeoutMs,
            RequestTimeoutMs = RequestTimeoutMs,
            // The publisher bounds what it buffers itself; the client's own queue must never be the one that fills.
            QueueBufferingMaxMessages = Math.Max(BufferRecords + 1024, 100_000),
        };
        return config;
    }

    /// <summary>TA consumer: committed offsets only through explicit commits, transactional data only once committed.</summary>
    public ConsumerConfig ToConsumerConfig()
    {
        var config = new ConsumerConfig(CommonConfig())
        {
            GroupId = GroupId,
            GroupProtocol = GroupProtocol,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset,
        };
        // Classic groups: cooperative hand-over, so a rebalance moves only the partitions that change owner and the
        // others keep their TA state (the eager default revokes everything). The consumer protocol is incremental anyway.
        if (GroupProtocol == GroupProtocol.Classic) config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        return config;
    }

    public override string ToString() =>
        $"KafkaSettings {{ BootstrapServers = {BootstrapServers}, SecurityProtocol = {SecurityProtocol}, SaslMechanism = {SaslMechanism}, " +
        $"Username = {Username ?? "(none)"}, Password = {(HasPassword ? "(set)" : "(none)")}, ClientId = {ClientId}, LingerMs = {LingerMs}, " +
        $"BatchSize = {BatchSize}, Compression = {Compression}, BufferRecords = {BufferRecords}, DeliveryTimeoutMs = {DeliveryTimeoutMs}, " +
        $"GroupId = {GroupId}, GroupProtocol = {GroupProtocol}, AutoOffsetReset = {AutoOffsetReset} }}";

    private ClientConfig CommonConfig()
    {
        var config = new ClientConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId,
            SecurityProtocol = SecurityProtocol,
        };
        if (SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            config.SaslMechanism = SaslMechanism;
            config.SaslUsername = Username;
            config.SaslPassword = Password;
        }
        return config;
    }

    /// <summary>The client's value of a choice the catalogue already accepted ('-' and '_' spell the same).</summary>
    private static T Pick<T>(string name, params (string Name, T Value)[] choices) =>
        choices.First(c => c.Name.Replace('-', '_').Equals(name.Replace('-', '_'),
            StringComparison.OrdinalIgnoreCase)).Value;
}
