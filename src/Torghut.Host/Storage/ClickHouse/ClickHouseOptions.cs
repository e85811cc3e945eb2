using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// How to reach ClickHouse and how to lay out the tables. <see cref="ToString"/> and <see cref="SafeUrl"/> never
/// contain the password (nor user info embedded in the URL).
/// </summary>
public sealed partial record ClickHouseOptions
{
    public required Uri Url { get; init; }
    public string User { get; init; } = "default";
    public string Password { get; init; } = "";
    public string Database { get; init; } = "torghut";
    /// <summary>ReplicatedReplacingMergeTree + ON CLUSTER, as upstream's Keeper-backed deployment.</summary>
    public bool Replicated { get; init; }
    public string Cluster { get; init; } = "default";
    /// <summary>False: the tables are the DBA's (see `torghut schema`); the store verifies them and creates nothing.</summary>
    public bool ManageSchema { get; init; } = true;
    /// <summary>Row TTL in days (upstream [H]: 35 for both tables). Legacy servers have no TTL clause: see docs/storage.md.</summary>
    public int TtlDays { get; init; } = 35;
    /// <summary>
    /// Most rows per INSERT. Upstream [D] used 500; every INSERT is a new part on the server, so a catch-up at 500 rows
    /// per INSERT runs at under 10 % of a bulk insert and piles up parts. Live writes are far smaller than either.
    /// </summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    public const int DefaultBatchSize = 50_000;
    /// <summary>Schema-init attempts and spacing (upstream [H]: 180 × 2 s, strict).</summary>
    public int InitAttempts { get; init; } = 180;
    public TimeSpan InitRetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Extra attempts of one INSERT before WriteAsync throws (the caller then does not commit offsets).</summary>
    public int WriteRetries { get; init; } = 3;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The URL without user info, path or query: safe for logs and exception messages.</summary>
    public string SafeUrl => $"{Url.Scheme}://{Url.Host}:{Url.Port}";

    /// <summary>Validated so it can be spliced into DDL (ClickHouse 18.16 has no query parameters).</summary>
    public string QuotedDatabase => $"`{Database}`";

    public override string ToString() =>
        $"ClickHouse {SafeUrl} db={Database} user={User} password={(Password.Length > 0 ? "***" : "(none)")} replicated={Replicated} ttl={TtlDays}d batch={BatchSize}";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>Reads the TA_CLICKHOUSE_* keys; null when no URL is set (the factory then picks DuckDB).</summary>
    public static ClickHouseOptions? FromConfiguration(IConfiguration config)
    {
        // A secret setting: a refused URL is named, never quoted (it may carry a password).
        if (StorageCatalogue.ClickHouseUrl.Read(config) is not { } parsed) return null;
        // Credentials embedded in the URL are accepted but moved out of it, so the URL itself is never secret.
        string? urlUser = null, urlPassword = null;
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            urlUser = Uri.UnescapeDataString(parts[0]);
            urlPassword = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        var url = new UriBuilder(parsed) { UserName = "", Password = "", Path = "/", Query = "" }.Uri;
        var options = new ClickHouseOptions
        {
            Url = url,
            User = (StorageCatalogue.User.IsSet(config) ? null : urlUser) ?? StorageCatalogue.User.Read(config)!,
            Password = config[StorageKeys.ClickHousePassword] ?? urlPassword ?? "",
            Database = StorageCatalogue.Database.Read(config)!,
            Replicated = StorageCatalogue.Replicated.Read(config, whenUnset: false),
            Cluster = StorageCatalogue.Cluster.Read(config)!,
            ManageSchema = StorageCatalogue.ManageSchema.Read(config, whenUnset: true),
            TtlDays = StorageCatalogue.TtlDays.ReadInt(config),
            BatchSize = StorageCatalogue.BatchSize.ReadInt(config),
            InitAttempts = StorageCatalogue.InitRetries.ReadInt(config),
            InitRetryDelay = StorageCatalogue.InitRetryDelay.Read(config),
            WriteRetries = StorageCatalogue.WriteRetries.ReadInt(config),
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (!Identifier().IsMatch(Database)) throw new ConfigException($"{StorageKeys.ClickHouseDatabase} must be a plain identifier");
        if (!Identifier().IsMatch(Cluster)) throw new ConfigException($"{StorageKeys.ClickHouseCluster} must be a plain identifier");
    }

}
