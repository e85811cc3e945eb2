using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Kafka producer and TA consumer (cross-setting rules stay in <see cref="KafkaSettings"/>).</summary>
public static class TransportCatalogue
{
    public static readonly TextSetting Bootstrap = new(KafkaSettingKeys.Bootstrap, null,
        "Kafka brokers. Unset: the in-process transport carries the same records.")
    { Aliases = [KafkaSettingKeys.BootstrapUpstream] };
    public static readonly ChoiceSetting SecurityProtocol = new(KafkaSettingKeys.SecurityProtocol, "PLAINTEXT",
        ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"], "Kafka security protocol.");
    public static readonly ChoiceSetting SaslMechanism = new(KafkaSettingKeys.SaslMechanism, "SCRAM-SHA-512",
        ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "SCRAM_SHA_256", "SCRAM_SHA_512", "GSSAPI", "OAUTHBEARER"],
        "SASL mechanism.")
    { Aliases = [KafkaSettingKeys.SaslMechanismUpstream] };
    public static readonly TextSetting Username = new(KafkaSettingKeys.Username, null, "SASL user.")
    { Aliases = [KafkaSettingKeys.UsernameUpstream], DefaultText = "none" };
    public static readonly TextSetting Password = new(KafkaSettingKeys.Password, null,
        "SASL password; never in logs, metrics or error messages.")
    { Aliases = [KafkaSettingKeys.PasswordUpstream], Secret = true, DefaultText = "none" };
    public static readonly ChoiceSetting Acks = new(KafkaSettingKeys.Acks, "all", ["all", "-1"],
        "Producer acks: the producer is idempotent, so only `all`.");
    public static readonly MillisecondsSetting Linger = new(KafkaSettingKeys.LingerMs, 30, "Producer linger.",
        max: 900_000);
    public static readonly IntegerSetting BatchSize = new(KafkaSettingKeys.BatchSize, 32_768, "Producer batch bytes.",
        min: 1);
    public static readonly ChoiceSetting Compression = new(KafkaSettingKeys.Compression, "lz4",
        ["none", "gzip", "snappy", "lz4", "zstd"], "Producer compression.");
    public static readonly TextSetting ClientId = new(KafkaSettingKeys.ClientId, "torghut", "Kafka client id.");
    public static readonly IntegerSetting BufferRecords = new(KafkaSettingKeys.BufferRecords, 100_000,
        "Bounded producer buffer: when full, publishing waits (backpressure) instead of dropping.", min: 1,
            max: 10_000_000);
    public static readonly MillisecondsSetting DeliveryTimeout = new(KafkaSettingKeys.DeliveryTimeoutMs, 0,
        "`0`: a record is retried until a broker takes it; else at least `KAFKA_LINGER_MS`.", max: int.MaxValue);
    public static readonly MillisecondsSetting RequestTimeout = new(KafkaSettingKeys.RequestTimeoutMs, 15_000,
        "Producer request timeout.", min: 1, max: 900_000);
    public static readonly MillisecondsSetting FlushTimeout = new(KafkaSettingKeys.FlushTimeoutMs, 10_000,
        "Producer flush timeout outside a shutdown.", max: int.MaxValue);
    public static readonly ChoiceSetting GroupProtocol = new(KafkaSettingKeys.GroupProtocol, "classic",
        ["classic", "consumer"], "TA consumer group protocol (tests use `consumer`, KIP-848).");
    public static readonly TextSetting GroupId = new(KafkaSettingKeys.GroupId, "torghut-ta",
        "TA consumer group; a replay needs a fresh one.");
    public static readonly ChoiceSetting AutoOffsetReset = new(KafkaSettingKeys.AutoOffsetReset, "earliest",
        ["earliest", "latest"], "Where a TA group without commits starts.");
}
