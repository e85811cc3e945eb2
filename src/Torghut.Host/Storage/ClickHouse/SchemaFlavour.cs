using System.Globalization;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// The two table layouts, picked from <c>SELECT version()</c>. Both have the same column NAMES in the same order, so
/// one INSERT column list and one RowBinary payload serve both; only types and a few expressions differ.
/// <list type="bullet">
/// <item><b>Modern</b> (≥ 20.1): upstream's types — <c>DateTime64(3, 'UTC')</c>, <c>LowCardinality(String)</c>, TTL.</item>
/// <item><b>Legacy</b> (18.16 as Debian ships it; no DateTime64, no TTL): every timestamp column is a
/// <c>UInt64</c> of Unix epoch MILLISECONDS under the same name. That keeps the sort key (symbol, event_ts, seq) at
/// the same millisecond resolution as DateTime64(3), so idempotency is identical, and <c>ingest_ts</c> stays a
/// millisecond-precise ReplacingMergeTree version. In RowBinary a DateTime64(3) is an Int64 of milliseconds too, so
/// the bytes sent are the same. Operators get readable time from ALIAS columns <c>event_time</c> /
/// <c>window_end_time</c> (DateTime, whole seconds).</item>
/// </list>
/// </summary>
public sealed class SchemaFlavour
{
    public static readonly SchemaFlavour Modern = new(isLegacy: false);
    public static readonly SchemaFlavour Legacy = new(isLegacy: true);

    private SchemaFlavour(bool isLegacy) => IsLegacy = isLegacy;

    public bool IsLegacy { get; }
    public string Name => IsLegacy ? "legacy" : "modern";

    /// <summary>DateTime64 arrived in 20.1; anything older (or unparsable, to stay safe) gets the legacy layout.</summary>
    public static SchemaFlavour ForVersion(string version)
    {
        var major = version.Trim().Split('.')[0];
        return int.TryParse(major, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m >= 20 ? Modern : Legacy;
    }

    public string TimestampType => IsLegacy ? "UInt64" : "DateTime64(3, 'UTC')";
    public string SymbolType => IsLegacy ? "String" : "LowCardinality(String)";

    /// <summary>A timestamp column as Int64 epoch milliseconds (works on Nullable columns too).</summary>
    public string EpochMs(string column) => IsLegacy ? column : $"toUnixTimestamp64Milli({column})";

    /// <summary>A timestamp literal comparable with a timestamp column (upstream's toDateTime64 form on modern).</summary>
    public string Literal(long epochMs)
    {
        if (IsLegacy) return epochMs.ToString(CultureInfo.InvariantCulture);
        var text = DateTime.UnixEpoch.AddMilliseconds(epochMs).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return $"toDateTime64('{text}', 3, 'UTC')";
    }

    public string PartitionKey => IsLegacy ? "toDate(toDateTime(intDiv(event_ts, 1000)))" : "toDate(event_ts)";

    /// <summary>18.16 has no TTL clause; see docs/storage.md (retention by dropping day partitions).</summary>
    public string TtlClause(int days) => IsLegacy ? "" : $"TTL toDateTime(event_ts) + INTERVAL {days} DAY";

    public override string ToString() => Name;
}
