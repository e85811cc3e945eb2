using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;

namespace Torghut.Tests.Storage;

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseSchemaInitTests(ClickHouseServerFixture server)
{
    [Fact]
    public async Task Schema_init_retries_against_a_closed_port_then_fails_loudly_naming_the_url_without_the_password()
    {
        var port = ClickHouseServerFixture.ClosedPort();
        var options = new ClickHouseOptions
        {
            Url = new Uri($"http://127.0.0.1:{port}/"), User = "torghut", Password = ClickHouseServerFixture.Password,
            InitAttempts = 4, InitRetryDelay = TimeSpan.FromMilliseconds(150),
        };
        await using var store = new ClickHouseTaStore(options);
        var clock = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<StorageException>(() => store.EnsureSchemaAsync());
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(3 * 150)); // it waited between all 4 attempts
        error.Message.ShouldContain($"http://127.0.0.1:{port}");
        error.Message.ShouldContain("4 attempts");
        error.ToString().ShouldNotContain(ClickHouseServerFixture.Password);
        // Nothing else may run on a store without tables.
        (await Should.ThrowAsync<StorageException>(() => store.FreshnessAsync())).ToString().ShouldNotContain(ClickHouseServerFixture.Password);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_never_echoed()
    {
        const string wrong = "Wr0ng-but-s3cret-too";
        var options = server.Options() with { Password = wrong, InitAttempts = 2, InitRetryDelay = TimeSpan.Zero };
        await using var store = new ClickHouseTaStore(options);
        var error = await Should.ThrowAsync<StorageException>(() => store.EnsureSchemaAsync());
        error.ToString().ShouldNotContain(wrong);
        error.Message.ShouldContain(server.Url.GetLeftPart(UriPartial.Authority));
        store.ToString().ShouldNotContain(wrong);
        options.ToString().ShouldNotContain(wrong);
    }

    [Fact]
    public void Credentials_in_the_url_are_moved_out_of_it()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageKeys.ClickHouseUrl] = "http://torghut:hunter2@clickhouse.example:8123/torghut?x=1",
            [StorageKeys.ClickHouseBatchSize] = "100",
        }).Build();
        var options = ClickHouseOptions.FromConfiguration(config)!;
        options.User.ShouldBe("torghut");
        options.Password.ShouldBe("hunter2");
        options.SafeUrl.ShouldBe("http://clickhouse.example:8123");
        options.Url.ToString().ShouldNotContain("hunter2");
        options.ToString().ShouldNotContain("hunter2");
        (options.BatchSize, options.TtlDays, options.InitAttempts).ShouldBe((100, 35, 180));
    }

    [Fact]
    public async Task An_18_16_server_gets_the_legacy_layout_with_float_sizes_and_the_upstream_sort_key()
    {
        var options = server.Options();
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        store.ServerVersion.ShouldStartWith("18.16");
        store.Flavour.ShouldBe(SchemaFlavour.Legacy);
        await store.EnsureSchemaAsync(); // idempotent

        var columns = await store.QueryAsync(
            $"SELECT name, type FROM system.columns WHERE database = '{options.Database}' AND table = 'ta_signals' FORMAT TabSeparated");
        var types = TabSeparatedRows.Parse(columns).ToDictionary(r => r.String(0), r => r.String(1));
        types["imbalance_bid_sz"].ShouldBe("Nullable(Float64)");
        types["imbalance_ask_sz"].ShouldBe("Nullable(Float64)");
        types["event_ts"].ShouldBe("UInt64");
        types.Keys.ShouldNotContain("microstructure_signal_v1");
        TabSeparatedRows.Parse(columns).Select(r => r.String(0)).Take(ClickHouseSchema.SignalColumnNames.Length)
            .ShouldBe(ClickHouseSchema.SignalColumnNames);

        var engine = await store.QueryAsync(
            $"SELECT engine_full FROM system.tables WHERE database = '{options.Database}' AND name = 'ta_microbars' FORMAT TabSeparated");
        engine.ShouldContain("ReplacingMergeTree(ingest_ts)");
        engine.ShouldContain("ORDER BY (symbol, event_ts, seq)");
    }

    [Fact]
    public async Task After_optimize_final_the_table_itself_holds_one_row_per_key()
    {
        var options = server.Options();
        await using var store = new ClickHouseTaStore(options);
        var bars = Enumerable.Range(1, 3).Select(i => TaRows.Microbar("BTC/USD", i)).ToList();
        for (var i = 0; i < 3; i++) await store.WriteAsync(bars, []);
        var raw = $"SELECT count() FROM {options.QuotedDatabase}.ta_microbars FORMAT TabSeparated";
        (await store.QueryAsync(raw)).Trim().ShouldBe("9"); // three parts, not merged yet
        await store.OptimizeFinalAsync();
        (await store.QueryAsync(raw)).Trim().ShouldBe("3");
    }

    [Fact]
    public void Version_selects_the_flavour()
    {
        SchemaFlavour.ForVersion("18.16.1").ShouldBe(SchemaFlavour.Legacy);
        SchemaFlavour.ForVersion("19.17.4.11").ShouldBe(SchemaFlavour.Legacy);
        SchemaFlavour.ForVersion("20.3.1").ShouldBe(SchemaFlavour.Modern);
        SchemaFlavour.ForVersion("25.3.6.10034.altinitystable").ShouldBe(SchemaFlavour.Modern);
    }

    [Fact]
    public void Replicated_ddl_uses_the_upstream_zookeeper_path_and_on_cluster()
    {
        var options = new ClickHouseOptions { Url = new Uri("http://x:8123/"), Replicated = true, Cluster = "default", TtlDays = 14 };
        var ddl = ClickHouseSchema.CreateSignals(options, SchemaFlavour.Modern);
        ddl.ShouldContain("ON CLUSTER `default`");
        ddl.ShouldContain("ReplicatedReplacingMergeTree('/clickhouse/tables/{cluster}/{shard}/ta_signals', '{replica}', ingest_ts)");
        ddl.ShouldContain("TTL toDateTime(event_ts) + INTERVAL 14 DAY");
        ClickHouseSchema.CreateDatabase(options).ShouldBe("CREATE DATABASE IF NOT EXISTS `torghut` ON CLUSTER `default`");
    }
}
