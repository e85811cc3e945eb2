using Torghut.Abstractions;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;

namespace Torghut.Tests.Storage;

/// <summary>
/// The whole store contract on a CURRENT ClickHouse engine (chDB 26.7): the modern DDL (DateTime64(3,'UTC'),
/// LowCardinality, TTL), the RowBinary inserts, re-inserts folded by FINAL, and every read and freshness query.
/// </summary>
[Collection(ChdbCollection.Name)]
public sealed class ChdbModernSchemaTests(ChdbEngine engine) : TaStoreContract
{
    // The fixed test instants (2026-02-22) are older than the default 35-day TTL on this machine's clock, and a
    // modern server drops expired rows as it writes the part: the contract runs with a long TTL.
    private static ClickHouseOptions Options(int ttlDays = 3650) => new()
    {
        TtlDays = ttlDays,
        Url = new Uri("http://chdb.invalid:8123/"), Database = "t_" + Guid.NewGuid().ToString("N")[..12], BatchSize = 2,
        InitAttempts = 1, InitRetryDelay = TimeSpan.Zero,
    };

    protected override async Task<ITaStore> NewStoreAsync()
    {
        var store = new ClickHouseTaStore(Options(), new ChdbTransport(engine));
        await store.EnsureSchemaAsync();
        return store;
    }

    protected override NanoTimestamp Stored(NanoTimestamp t) => TaRows.Ms(t);

    protected override Task CompactAsync(ITaStore store) => ((ClickHouseTaStore)store).OptimizeFinalAsync();

    [Fact]
    public async Task A_current_server_gets_the_modern_upstream_types()
    {
        var options = Options(ttlDays: 35);
        await using var store = new ClickHouseTaStore(options, new ChdbTransport(engine));
        await store.EnsureSchemaAsync();
        store.ServerVersion!.Split('.')[0].ShouldBe("26");
        store.Flavour.ShouldBe(SchemaFlavour.Modern);
        var types = TabSeparatedRows.Parse(await store.QueryAsync(
                $"SELECT name, type FROM system.columns WHERE database = '{options.Database}' AND table = 'ta_signals' FORMAT TabSeparated"))
            .ToDictionary(r => r.String(0), r => r.String(1));
        types["symbol"].ShouldBe("LowCardinality(String)");
        types["event_ts"].ShouldBe("DateTime64(3, 'UTC')");
        types["window_end"].ShouldBe("Nullable(DateTime64(3, 'UTC'))");
        types["imbalance_bid_sz"].ShouldBe("Nullable(Float64)");
        var create = await store.QueryAsync($"SHOW CREATE TABLE {options.QuotedDatabase}.ta_microbars FORMAT TabSeparated");
        create.ShouldContain("ReplacingMergeTree(ingest_ts)");
        create.ShouldContain("PARTITION BY toDate(event_ts)");
        create.ShouldContain("TTL toDateTime(event_ts) + toIntervalDay(35)");
    }

    [Fact]
    public async Task Every_query_kind_the_store_issues_ran_on_the_modern_engine()
    {
        var transport = new ChdbTransport(engine);
        await using var store = new ClickHouseTaStore(Options(), transport);
        await store.WriteAsync([TaRows.Microbar("BTC/USD", 1)], [TaRows.FullSignal("BTC/USD", 1)]);
        await store.FreshnessAsync();
        await store.FreshnessAsync("BTC/USD");
        await store.RecentFreshnessAsync(["BTC/USD", "ETH/USD"], TaRows.At(0));
        await store.RowCountsAsync(TaRows.At(0), TaRows.At(2));
        await store.MicrobarsAsync("BTC/USD", TaRows.At(0), TaRows.At(2));
        await store.SignalsAsync("BTC/USD", Torghut.Host.Storage.Cadence.OneMinute, TaRows.At(0), TaRows.At(2));
        await store.MicrobarsBeforeAsync("BTC/USD", TaRows.At(0), TaRows.At(2), 600);
        await store.MicrobarSumsAsync("BTC/USD", TaRows.At(0), TaRows.At(2));
        await store.OptimizeFinalAsync();
        string[] kinds = ["SELECT version()", "CREATE DATABASE", "CREATE TABLE", "INSERT INTO", "SELECT (SELECT ifNull(toUnixTimestamp64Milli(max(event_ts))", "SELECT (SELECT ifNull(max(e), 0) FROM (SELECT toUnixTimestamp64Milli(event_ts) AS e",
            "SELECT symbol, ifNull(toUnixTimestamp64Milli(max(event_ts))", "SELECT symbol, ifNull(toUnixTimestamp64Milli(max(window_end))", "SELECT symbol, count()", "SELECT symbol, toUnixTimestamp64Milli(event_ts)", "SELECT sum(c * v), sum(v), count()", "OPTIMIZE TABLE"];
        foreach (var kind in kinds) transport.Statements.ShouldContain(s => s.StartsWith(kind, StringComparison.Ordinal), kind);
        transport.Statements.ShouldContain(s => s.Contains("ORDER BY event_ts DESC, seq DESC LIMIT 600", StringComparison.Ordinal), "warm-up bars");
    }

    [Fact]
    public async Task Recent_freshness_of_a_universe_reads_only_its_recent_granules()
    {
        // A day of 1 s rows per symbol (made by the server: INSERT … SELECT). A plain per-symbol max reads all of the
        // symbol's rows; the bounded read for the universe reads the granules of its last hour, one symbol's freshness
        // its newest granules, and the whole store's freshness the parts' metadata, however long the history.
        var options = Options();
        await using var store = new ClickHouseTaStore(options, new ChdbTransport(engine));
        await store.EnsureSchemaAsync();
        string[] symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
        const int day = 86_400;
        var startSec = TaRows.At(0).UnixMilliseconds / 1000;
        foreach (var table in new[] { ClickHouseSchema.Signals, ClickHouseSchema.Microbars })
            foreach (var symbol in symbols)
                await store.QueryAsync($"INSERT INTO {options.QuotedDatabase}.`{table}` (symbol, event_ts, seq, ingest_ts, window_size, window_end) " +
                                       $"SELECT {ClickHouseQueries.Quote(symbol)}, toDateTime64({startSec} + number, 3, 'UTC'), number, toDateTime64({startSec} + number, 3, 'UTC'), " +
                                       $"'PT1S', toDateTime64({startSec} + number, 3, 'UTC') FROM numbers({day})");
        var queries = new ClickHouseQueries(options, store.Flavour!);
        // The rows the server read to answer, from the statistics FORMAT JSON reports.
        async Task<long> RowsToReadAsync(string query) =>
            System.Text.Json.JsonDocument.Parse(await store.QueryAsync(query.Replace("FORMAT TabSeparated", "FORMAT JSON", StringComparison.Ordinal)))
                .RootElement.GetProperty("statistics").GetProperty("rows_read").GetInt64();

        var since = new NanoTimestamp((startSec + day - 3600) * 1_000_000_000L);
        var history = await RowsToReadAsync($"SELECT max(event_ts) FROM {options.QuotedDatabase}.`{ClickHouseSchema.Signals}` WHERE symbol = 'BTC/USD' FORMAT TabSeparated");
        var recent = await RowsToReadAsync(queries.NewestBySymbol(ClickHouseSchema.Signals, "event_ts", symbols, since.UnixMilliseconds));
        var newestOfOne = await RowsToReadAsync(queries.Freshness("BTC/USD"));
        history.ShouldBe(day, "a plain max reads the symbol's whole day");
        recent.ShouldBeLessThan(day / 4L, "three symbols' last hour of signals, at granule resolution (8192 rows)");
        newestOfOne.ShouldBeLessThan(day / 4L, "one symbol's newest row in both tables, read backwards from the end of its range");
        (await RowsToReadAsync(queries.Freshness(null))).ShouldBeLessThan(day / 4L, "the tables' newest event_ts, from the parts' min/max index");
        var newest = new NanoTimestamp((startSec + day - 1) * 1_000_000_000L);
        (await store.RecentFreshnessAsync(symbols, since))["SOL/USD"].ShouldBe(new StoreFreshness(newest, newest));
    }
}
