using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;

namespace Torghut.Tests.Lanes;

/// <summary>The real binary, as an operator runs it: lanes follow the flags file while the process keeps running.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class RunningHostTests(TestPlugins plugins)
{
    [Fact]
    public async Task Torghut_run_switches_lanes_when_the_flags_file_changes_and_stops_cleanly_on_sigterm()
    {
        using var dir = new TempDir();
        var file = dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            [ConfigKeys.FlagsFile] = file, [ConfigKeys.PluginsDir] = plugins.PluginsDir,
            [ConfigKeys.CryptoPlugin] = TestPlugins.Good, ["TORGHUT_FLAGS_POLL_MS"] = "100",
        });
        using var http = new HttpClient();
        async Task<bool> CryptoRunning()
        {
            var json = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/lanes")).RootElement;
            return json.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "crypto").GetProperty("running").GetBoolean();
        }

        (await CryptoRunning()).ShouldBeFalse();
        FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
        await Eventually.HoldsAsync(CryptoRunning, "crypto lane running after the flag flip");
        var flags = await http.GetStringAsync($"{host.BaseUrl}/api/flags");
        flags.ShouldContain("flags file");

        FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        await Eventually.HoldsAsync(async () => !await CryptoRunning(), "crypto lane stopped after the flag flip");

        (await host.StopAsync()).ShouldBe(0);
        host.Output.ShouldContain("lane crypto started");
        host.Output.ShouldContain("lane crypto stopped");
    }
}

/// <summary>The README's main command with no configuration at all: the built-in simulator stands in for Alpaca.</summary>
public sealed class EmbeddedRunTests
{
    [Fact]
    public async Task Torghut_run_with_no_configuration_streams_from_the_built_in_simulator()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>());
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () =>
        {
            var ingest = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement;
            return ingest.GetProperty("crypto").GetProperty("messages").GetInt64() > 10;
        }, "market data flowing", TimeSpan.FromSeconds(30));
        host.Output.ShouldContain("venue: built-in Alpaca simulator");
        host.Output.ShouldContain("transport: in-process");
        (await host.StopAsync()).ShouldBe(0);
        host.Output.ShouldContain("lane crypto stopped");
    }
}

/// <summary>The embedded default end to end: simulator → lane → in-process transport → TA → DuckDB.</summary>
public sealed class EmbeddedPipelineTests
{
    [Fact]
    public async Task One_process_turns_simulator_trades_into_microbars_and_signals_in_the_embedded_store()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string> { ["TA_STATUS_INTERVAL_MS"] = "1000" });
        using var http = new HttpClient();
        JsonElement ta = default;
        await Eventually.HoldsAsync(async () =>
        {
            ta = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ta")).RootElement;
            return ta.GetProperty("running").GetBoolean() &&
                   ta.GetProperty("rowsLast30Min").EnumerateObject().Count(p => p.Value.GetProperty("microbars").GetInt64() > 0) == 3;
        }, "1 s microbars of all three pairs in the store", TimeSpan.FromSeconds(60));
        // Backfilled minutes give 1 m signals at once; live trades give 1 s microbars and their signals.
        ta.GetProperty("counters").GetProperty("signals1m").GetInt64().ShouldBeGreaterThan(0);
        ta.GetProperty("counters").GetProperty("signals1s").GetInt64().ShouldBeGreaterThan(0);
        ta.GetProperty("microbarsWritten").GetInt64().ShouldBeGreaterThan(0);
        ta.GetProperty("signalsWritten").GetInt64().ShouldBeGreaterThan(0);
        ta.GetProperty("counters").GetProperty("parseFailures").GetInt64().ShouldBe(0);
        var newest = Torghut.Abstractions.NanoTimestamp.Parse(ta.GetProperty("maxMicrobarWindowEnd").GetString()!);
        (DateTimeOffset.UtcNow - newest.ToDateTimeOffset()).ShouldBeLessThan(TimeSpan.FromSeconds(60));
        (await host.StopAsync()).ShouldBe(0);
    }
}

/// <summary>Ctrl-C and run again: the embedded store continues, and nothing already stored is stored twice.</summary>
public sealed class EmbeddedRestartTests
{
    [Fact]
    public async Task A_restart_continues_the_same_store_without_duplicates()
    {
        using var data = new TempDir("torghut-restart");
        var env = new Dictionary<string, string> { ["TORGHUT_DATA_DIR"] = data.Path, ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.25" };
        using var http = new HttpClient();
        async Task<long> SignalsWrittenAsync(HostProcess host) =>
            JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ta")).RootElement.TryGetProperty("signalsWritten", out var n) ? n.GetInt64() : 0;

        // Each run backfills the same last 15 minutes (3 pairs): the second run rewrites every one of those rows.
        foreach (var run in new[] { "first", "second" })
        {
            await using var host = await HostProcess.StartAsync("run", env);
            await Eventually.HoldsAsync(async () => await SignalsWrittenAsync(host) >= 45, $"{run} run wrote the backfilled minutes", TimeSpan.FromSeconds(90));
            (await host.StopAsync()).ShouldBe(0);
        }

        await using var store = Torghut.Host.Storage.TaStoreFactory.Create(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TORGHUT_DATA_DIR"] = data.Path }).Build());
        var now = Torghut.Abstractions.NanoTimestamp.Now;
        foreach (var symbol in new[] { "BTC/USD", "ETH/USD", "SOL/USD" })
        {
            var signals = await store.SignalsAsync(symbol, Torghut.Host.Storage.Cadence.OneMinute, now.AddNanoseconds(-3600L * 1_000_000_000), now);
            signals.Count.ShouldBeGreaterThanOrEqualTo(12, $"{symbol}: the store kept the first run's rows");
            signals.Select(x => x.EventTs).Distinct().Count().ShouldBe(signals.Count, $"{symbol}: a minute stored twice after the restart");
        }
    }
}
