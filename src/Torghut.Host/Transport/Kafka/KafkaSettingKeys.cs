namespace Torghut.Host.Transport.Kafka;

/// <summary>Setting names read by <see cref="KafkaSettings"/>. Upstream names are accepted as aliases where they differ.</summary>
public static class KafkaSettingKeys
{
    public const string Bootstrap = "KAFKA_BOOTSTRAP";
    public const string BootstrapUpstream = "KAFKA_BOOTSTRAP_SERVERS";
    public const string SecurityProtocol = "KAFKA_SECURITY_PROTOCOL";
    public const string SaslMechanism = "KAFKA_SASL_MECHANISM";
    public const string SaslMechanismUpstream = "KAFKA_SASL_MECH";
    public const string Username = "KAFKA_USERNAME";
    public const string UsernameUpstream = "KAFKA_SASL_USER";
    public const string Password = "KAFKA_PASSWORD";
    public const string PasswordUpstream = "KAFKA_SASL_PASSWORD";
    public const string Acks = "KAFKA_ACKS";
    public const string LingerMs = "KAFKA_LINGER_MS";
    public const string BatchSize = "KAFKA_BATCH_SIZE";
    public const string Compression = "KAFKA_COMPRESSION";
    public const string ClientId = "KAFKA_CLIENT_ID";
    public const string BufferRecords = "KAFKA_BUFFER_RECORDS";
    public const string DeliveryTimeoutMs = "KAFKA_DELIVERY_TIMEOUT_MS";
    public const string RequestTimeoutMs = "KAFKA_REQUEST_TIMEOUT_MS";
    public const string FlushTimeoutMs = "KAFKA_FLUSH_TIMEOUT_MS";
    public const string GroupProtocol = "KAFKA_GROUP_PROTOCOL";
    public const string GroupId = "TA_GROUP_ID";
    public const string AutoOffsetReset = "TA_AUTO_OFFSET_RESET";
}
