using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

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
        string? Get(params string[] keys) =>
            keys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

        var bootstrap = Get(KafkaSettingKeys.Bootstrap, KafkaSettingKeys.BootstrapUpstream)
            ?? throw new ConfigException($"{KafkaSettingKeys.Bootstrap} is not set (host:port[,host:port...])");
        var settings = new KafkaSettings
        {
            BootstrapServers = bootstrap,
            SecurityProtocol = ParseEnum(Get(KafkaSettingKeys.SecurityProtocol), KafkaSettingKeys.SecurityProtocol, SecurityProtocol.Plaintext,
                ("PLAINTEXT", SecurityProtocol.Plaintext), ("SSL", SecurityProtocol.Ssl),
                ("SASL_PLAINTEXT", SecurityProtocol.SaslPlaintext), ("SASL_SSL", SecurityProtocol.SaslSsl)),
            SaslMechanism = ParseEnum(Get(KafkaSettingKeys.SaslMechanism, KafkaSettingKeys.SaslMechanismUpstream), KafkaSettingKeys.SaslMechanism,
                SaslMechanism.ScramSha512,
                ("PLAIN", SaslMechanism.Plain), ("SCRAM-SHA-256", SaslMechanism.ScramSha256), ("SCRAM-SHA-512", SaslMechanism.ScramSha512),
                ("GSSAPI", SaslMechanism.Gssapi), ("OAUTHBEARER", SaslMechanism.OAuthBearer)),
            Username = Get(KafkaSettingKeys.Username, KafkaSettingKeys.UsernameUpstream),
            Password = password,
            ClientId = Get(KafkaSettingKeys.ClientId) ?? "torghut",
            LingerMs = ParseInt(Get(KafkaSettingKeys.LingerMs), KafkaSettingKeys.LingerMs, 30, min: 0, max: 900_000),
            BatchSize = ParseInt(Get(KafkaSettingKeys.BatchSize), KafkaSettingKeys.BatchSize, 32768, min: 1, max: 2_147_483_647),
            Compression = ParseEnum(Get(KafkaSettingKeys.Compression), KafkaSettingKeys.Compression, CompressionType.Lz4,
                ("none", CompressionType.None), ("gzip", CompressionType.Gzip), ("snappy", CompressionType.Snappy),
                ("lz4", CompressionType.Lz4), ("zstd", CompressionType.Zstd)),
            BufferRecords = ParseInt(Get(KafkaSettingKeys.BufferRecords), KafkaSettingKeys.BufferRecords, 100_000, min: 1, max: 10_000_000),
            DeliveryTimeoutMs = ParseInt(Get(KafkaSettingKeys.DeliveryTimeoutMs), KafkaSettingKeys.DeliveryTimeoutMs, 0, min: 0, max: int.MaxValue),
            RequestTimeoutMs = ParseInt(Get(KafkaSettingKeys.RequestTimeoutMs), KafkaSettingKeys.RequestTimeoutMs, 15_000, min: 1, max: 900_000),
            FlushTimeoutMs = ParseInt(Get(KafkaSettingKeys.FlushTimeoutMs), KafkaSettingKeys.FlushTimeoutMs, 10_000, min: 0, max: int.MaxValue),
            GroupProtocol = ParseEnum(Get(KafkaSettingKeys.GroupProtocol), KafkaSettingKeys.GroupProtocol, GroupProtocol.Classic,
                ("classic", GroupProtocol.Classic), ("consumer", GroupProtocol.Consumer)),
            GroupId = Get(KafkaSettingKeys.GroupId) ?? "torghut-ta",
            AutoOffsetReset = ParseEnum(Get(KafkaSettingKeys.AutoOffsetReset), KafkaSettingKeys.AutoOffsetReset, AutoOffsetReset.Earliest,
                ("earliest", AutoOffsetReset.Earliest), ("latest", AutoOffsetReset.Latest)),
        };

        // Idempotence is not optional (upstream hard-codes it), and the client refuses it with anything but acks=all.
        var acks = Get(KafkaSettingKeys.Acks);
        if (acks is not null && !acks.Equals("all", StringComparison.OrdinalIgnoreCase) && acks != "-1")
            throw new ConfigException($"{KafkaSettingKeys.Acks} must be 'all' (or -1): the producer is idempotent; got '{acks}'");

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

    private static int ParseInt(string? value, string key, int fallback, int min, int max)
    {
        if (value is null) return fallback;
        if (!int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            throw new ConfigException($"{key} must be an integer; got '{value}'");
        if (parsed < min || parsed > max)
            throw new ConfigException($"{key} must be between {min} and {max}; got {parsed}");
        return parsed;
    }

    private static T ParseEnum<T>(string? value, string key, T fallback, params (string Name, T Value)[] choices)
    {
        if (value is null) return fallback;
        foreach (var (name, v) in choices)
            if (name.Equals(value, StringComparison.OrdinalIgnoreCase) || name.Replace('-', '_').Equals(value, StringComparison.OrdinalIgnoreCase))
                return v;
        throw new ConfigException($"{key} must be one of {string.Join(", ", choices.Select(c => c.Name))}; got '{value}'");
    }
}
