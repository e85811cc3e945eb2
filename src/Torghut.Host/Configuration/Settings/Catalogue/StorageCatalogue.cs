using Torghut.Host.Storage;

namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>The TA store (ClickHouse, else embedded DuckDB) and the TA worker's write retry.</summary>
public static class StorageCatalogue
{
    public static readonly UrlSetting ClickHouseUrl = new(StorageKeys.ClickHouseUrl,
        "ClickHouse HTTP interface, `http://host:8123`; user info in the URL is moved out of it. Unset: DuckDB.",
        "http", "https") { Secret = true };
    public static readonly TextSetting User = new(StorageKeys.ClickHouseUser, "default",
        "Sent as `X-ClickHouse-User`.");
    public static readonly TextSetting Password = new(StorageKeys.ClickHousePassword, null,
        "Sent as `X-ClickHouse-Key`; never in logs or messages.") { Secret = true, DefaultText = "empty" };
    public static readonly TextSetting Database = new(StorageKeys.ClickHouseDatabase, "torghut",
        "Database holding `ta_microbars` and `ta_signals` (a plain identifier).");
    public static readonly BooleanSetting Replicated = new(StorageKeys.ClickHouseReplicated, false,
        "`ReplicatedReplacingMergeTree` and `ON CLUSTER`.");
    public static readonly TextSetting Cluster = new(StorageKeys.ClickHouseCluster, "default",
        "Cluster of `ON CLUSTER`.");
    public static readonly BooleanSetting ManageSchema = new(StorageKeys.ClickHouseManageSchema, true,
        "`false`: the tables are the DBA's (`torghut schema`); the store only checks them at start.");
    public static readonly IntegerSetting TtlDays = new(StorageKeys.ClickHouseTtlDays, 35, "Row TTL in days.", min: 1);
    public static readonly IntegerSetting BatchSize = new(StorageKeys.ClickHouseBatchSize, 50_000,
        "Most rows per INSERT, and the pending rows of one table that make the writer write at once.", min: 1);
    public static readonly MillisecondsSetting Flush = new(StorageKeys.ClickHouseFlushMs, 1_000,
        "Longest a row waits in the worker's writer before it is written.", min: 1, max: int.MaxValue);
    public static readonly IntegerSetting InitRetries = new(StorageKeys.ClickHouseInitRetries, 180,
        "Schema init attempts; after the last one the store throws.", min: 1);
    public static readonly MillisecondsSetting InitRetryDelay = new(StorageKeys.ClickHouseInitRetryDelayMs, 2_000,
        "Delay between schema init attempts.", max: int.MaxValue);
    public static readonly IntegerSetting WriteRetries = new(StorageKeys.ClickHouseWriteRetries, 3,
        "Extra quick attempts for one INSERT before the write fails to the worker's backoff.");
    public static readonly MillisecondsSetting RetryBase = new(StorageKeys.StoreRetryBaseMs, 500,
        "TA worker's first backoff after a failed store write.", min: 1, max: int.MaxValue);
    public static readonly MillisecondsSetting RetryMax = new(StorageKeys.StoreRetryMaxMs, 10_000,
        "Backoff cap (at least the base).", min: 1, max: int.MaxValue);
    public static readonly MillisecondsSetting GiveUpAfter = new(StorageKeys.StoreGiveUpAfterMs, 0,
        "Continuous store-write failure after which the worker gives up and `run` exits 1; `0`: never.",
            max: int.MaxValue);
}
