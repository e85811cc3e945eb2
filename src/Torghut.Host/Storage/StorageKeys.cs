namespace Torghut.Host.Storage;

/// <summary>
/// Storage settings (env names as upstream's TA job uses them where they exist). Kept next to the module rather than
/// in <c>ConfigKeys</c> so the storage module owns its own surface; every key is in docs/configuration.md.
/// </summary>
public static class StorageKeys
{
    public const string ClickHouseUrl = "TA_CLICKHOUSE_URL";
    public const string ClickHouseUser = "TA_CLICKHOUSE_USER";
    /// <summary>Secret: never logged, printed, or put in an exception message or ToString.</summary>
    public const string ClickHousePassword = "TA_CLICKHOUSE_PASSWORD";
    public const string ClickHouseDatabase = "TA_CLICKHOUSE_DATABASE";
    public const string ClickHouseReplicated = "TA_CLICKHOUSE_REPLICATED";
    public const string ClickHouseCluster = "TA_CLICKHOUSE_CLUSTER";
    public const string ClickHouseManageSchema = "TA_CLICKHOUSE_MANAGE_SCHEMA";
    public const string ClickHouseTtlDays = "TA_CLICKHOUSE_TTL_DAYS";
    public const string ClickHouseBatchSize = "TA_CLICKHOUSE_BATCH_SIZE";
    /// <summary>Longest a TA row waits in the worker's write-behind before it is written (both stores, like the batch size).</summary>
    public const string ClickHouseFlushMs = "TA_CLICKHOUSE_FLUSH_MS";
    public const string ClickHouseInitRetries = "TA_CLICKHOUSE_INIT_RETRIES";
    public const string ClickHouseInitRetryDelayMs = "TA_CLICKHOUSE_INIT_RETRY_DELAY_MS";
    public const string ClickHouseWriteRetries = "TA_CLICKHOUSE_MAX_RETRIES";
    /// <summary>TA worker's retry of a failed store write: first backoff, backoff cap, and an optional give-up (0: never).</summary>
    public const string StoreRetryBaseMs = "TA_STORE_RETRY_BASE_MS";
    public const string StoreRetryMaxMs = "TA_STORE_RETRY_MAX_MS";
    public const string StoreGiveUpAfterMs = "TA_STORE_GIVE_UP_AFTER_MS";
    public const string DataDir = "TORGHUT_DATA_DIR";
}
