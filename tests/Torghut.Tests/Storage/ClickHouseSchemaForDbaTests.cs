using System.Diagnostics;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

/// <summary>`torghut schema` for a DBA, and a store that verifies the DBA's tables instead of creating them.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseSchemaForDbaTests(ClickHouseServerFixture server)
{
    private ClickHouseOptions Verifying() => server.Options() with { ManageSchema = false };

    private async Task<string> SchemaAsync(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(new Dictionary<string, string?>(), ["schema", .. args]);
        code.ShouldBe(0, error);
        return output;
    }

    /// <summary>What a DBA does: pipe the printed script into clickhouse-client --multiquery.</summary>
    private async Task MultiqueryAsync(string script)
    {
        var psi = new ProcessStartInfo("clickhouse-client",
            $"--host 127.0.0.1 --port {server.TcpPort} --user {ClickHouseServerFixture.User} --password {ClickHouseServerFixture.Password} --multiquery")
        { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var client = Process.Start(psi)!;
        await client.StandardInput.WriteAsync(script);
        client.StandardInput.Close();
        var stderr = client.StandardError.ReadToEndAsync();
        await client.WaitForExitAsync();
        client.ExitCode.ShouldBe(0, await stderr);
    }

    [Fact]
    public async Task The_printed_legacy_script_creates_tables_that_a_verifying_store_accepts_and_writes_to()
    {
        var options = Verifying();
        await MultiqueryAsync(await SchemaAsync("--flavour", "legacy", "--database", options.Database));
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        store.Flavour.ShouldBe(SchemaFlavour.Legacy);
        await store.WriteAsync([TaRows.Microbar("BTC/USD", 1)], [TaRows.FullSignal("BTC/USD", 1)]);
        (await store.MicrobarsAsync("BTC/USD", TaRows.At(0), TaRows.At(2))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_verifying_store_on_an_empty_database_names_both_missing_tables_and_creates_nothing()
    {
        var options = Verifying();
        await using var store = new ClickHouseTaStore(options);
        var clock = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<StorageException>(() => store.EnsureSchemaAsync());
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5)); // not retried: waiting creates no tables
        error.Message.ShouldContain($"table {options.Database}.ta_microbars is missing");
        error.Message.ShouldContain($"table {options.Database}.ta_signals is missing");
        error.Message.ShouldContain("torghut schema");
        error.ToString().ShouldNotContain(ClickHouseServerFixture.Password);
        using var http = new ClickHouseHttp(options);
        (await http.QueryAsync($"SELECT count() FROM system.databases WHERE name = '{options.Database}'", CancellationToken.None)).Trim().ShouldBe("0");
    }

    [Fact]
    public async Task A_dropped_column_is_named()
    {
        var options = Verifying();
        await MultiqueryAsync(await SchemaAsync("--flavour", "legacy", "--database", options.Database) +
                              $"ALTER TABLE {options.Database}.ta_microbars DROP COLUMN vwap;");
        await using var store = new ClickHouseTaStore(options);
        var error = await Should.ThrowAsync<StorageException>(() => store.EnsureSchemaAsync());
        error.Message.ShouldContain($"column {options.Database}.ta_microbars.vwap (Nullable(Float64)) is missing");
        error.Message.ShouldNotContain("ta_signals");
    }

    [Fact]
    public async Task The_script_is_the_stores_own_statements_and_goes_on_cluster_only_when_replicated()
    {
        var modern = await SchemaAsync("--database", "dba_db");
        var expected = ClickHouseSchema.Statements(new ClickHouseOptions { Url = new Uri("http://localhost:8123"), Database = "dba_db" }, SchemaFlavour.Modern);
        modern.ShouldBe(string.Concat(expected.Select(s => s + ";\n\n")).ReplaceLineEndings());
        modern.ShouldContain("DateTime64(3, 'UTC')");
        modern.ShouldNotContain("ON CLUSTER");

        var replicated = await SchemaAsync("--cluster", "main", "--replicated");
        replicated.ShouldContain("CREATE TABLE IF NOT EXISTS `torghut`.`ta_signals` ON CLUSTER `main`");
        replicated.ShouldContain("ReplicatedReplacingMergeTree(");

        var (code, _, error) = await CliRunner.RunAsync(new Dictionary<string, string?>(), "schema", "--cluster", "main");
        code.ShouldBe(2);
        error.ShouldContain("--replicated");
    }
}
