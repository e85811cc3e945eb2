using Torghut.Tests.Support;
using Torghut.Tests.Transport;
using Xunit.Abstractions;

namespace Torghut.Tests.Chaos;

// One class per fault, each with its own Kafka broker, so the scenarios run side by side. Every one ends with the same
// proof against the simulator's ground truth (ChaosRun.VerifyAsync): no venue trade missing, none twice, every minute
// bar final. Durations are the issue's, scaled by TORGHUT_CHAOS_SCALE where they are long.

public sealed class WebsocketDropStormTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task Dropped_every_5_s_for_2_minutes_the_record_still_matches_the_venue()
    {
        await using var run = await ChaosRun.StartAsync(kafka);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.SetFaultsAsync("drop every=5s mode=abort");
        await Task.Delay(ChaosRun.Scaled(TimeSpan.FromMinutes(2)));
        await run.ClearFaultsAsync();
        await run.WaitForRepairsAsync();
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class SilentSocketTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    // Every connection streams for 6 s, then goes silent until the host's read-idle timeout (4 s) reconnects it. The
    // fault is lifted just after a reconnect, while that connection still streams, so the run ends on a clean socket.
    [Fact]
    public async Task A_socket_silent_until_the_idle_timeout_is_reconnected_and_its_silence_repaired()
    {
        await using var run = await ChaosRun.StartAsync(kafka, new Dictionary<string, string> { ["ALPACA_MARKET_DATA_READ_IDLE_TIMEOUT_MS"] = "4000" });
        await Task.Delay(TimeSpan.FromSeconds(2));
        await run.SetFaultsAsync("silent every=6s for=5s");
        await Task.Delay(ChaosRun.Scaled(TimeSpan.FromSeconds(40)));
        var reconnects = await run.ReconnectsAsync();
        await Eventually.HoldsAsync(async () => await run.ReconnectsAsync() > reconnects, "the next reconnect", TimeSpan.FromSeconds(30));
        await run.ClearFaultsAsync();
        (await run.ReconnectsAsync()).ShouldBeGreaterThanOrEqualTo(4, "the silences were ended by the idle timeout");
        await run.WaitForRepairsAsync();
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class SlowClientTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task A_407_slow_client_disconnect_loses_nothing()
    {
        await using var run = await ChaosRun.StartAsync(kafka);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.SetFaultsAsync("slow every=10s count=3");
        await Task.Delay(TimeSpan.FromSeconds(35));
        await run.ClearFaultsAsync();
        await run.WaitForRepairsAsync();
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class KafkaOutageRepairTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task All_brokers_down_longer_than_the_old_delivery_timeout_loses_nothing()
    {
        await using var run = await ChaosRun.StartAsync(kafka);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.KafkaAsync("down all");
        await Task.Delay(TimeSpan.FromSeconds(90));
        await run.KafkaAsync("up all");
        await run.WaitForRepairsAsync(TimeSpan.FromSeconds(180));
        output.WriteLine((await run.VerifyAsync(expectRepairs: false)).ToString());
    }
}

public sealed class LongKafkaOutageTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    // The 10-minute outage's point is that the producer's buffer fills: the reader pauses, the venue drops the slow
    // client (407), reconnects keep failing to drain, and only the repair can bring the outage's trades back. A small
    // buffer makes that happen within a minute; TORGHUT_CHAOS_SCALE=10 runs the full 10 minutes.
    [Fact]
    public async Task An_outage_that_overflows_the_buffer_is_repaired_from_the_venue_once_brokers_return()
    {
        await using var run = await ChaosRun.StartAsync(kafka, new Dictionary<string, string> { ["KAFKA_BUFFER_RECORDS"] = "300" });
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.KafkaAsync("down all");
        await Task.Delay(ChaosRun.Scaled(TimeSpan.FromSeconds(60)));
        var repaired = await run.HolesRepairedAsync(); // no repair runs while the brokers are down
        await run.KafkaAsync("up all");
        await run.WaitForRepairsAsync(TimeSpan.FromSeconds(240), repaired);
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class IngestKilledTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task Ingest_SIGKILLed_and_started_60_s_later_repairs_the_downtime_from_where_Kafka_ends()
    {
        await using var run = await ChaosRun.StartAsync(kafka);
        await Task.Delay(TimeSpan.FromSeconds(10));
        await run.KillHostAsync();
        await Task.Delay(TimeSpan.FromSeconds(60));
        await run.StartHostAsync();
        await run.WaitForRepairsAsync();
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class FlagOffTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task Crypto_off_for_60_s_and_on_again_repairs_the_off_period()
    {
        using var dir = new TempDir();
        var flags = Path.Combine(dir.Path, "flags.yaml");
        FlagsFile.Replace(flags, FlagsFile.Yaml(("torghut_ws_crypto_enabled", true)));
        await using var run = await ChaosRun.StartAsync(kafka, new Dictionary<string, string>
        {
            ["TORGHUT_FLAGS_FILE"] = flags, ["TORGHUT_FLAGS_POLL_MS"] = "200", ["TORGHUT_WS_CRYPTO_ENABLED"] = "",
        });
        await Task.Delay(TimeSpan.FromSeconds(8));
        FlagsFile.Replace(flags, FlagsFile.Yaml(("torghut_ws_crypto_enabled", false)));
        await Task.Delay(TimeSpan.FromSeconds(60));
        FlagsFile.Replace(flags, FlagsFile.Yaml(("torghut_ws_crypto_enabled", true)));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.WaitForRepairsAsync();
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}

public sealed class RestartRepublishesNothingTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task A_restart_republishes_nothing_already_in_Kafka()
    {
        await using var run = await ChaosRun.StartAsync(kafka);
        await Task.Delay(TimeSpan.FromSeconds(15));
        await run.StopHostAsync();
        var before = run.Dump();
        var tradeIds = before.Where(e => e.GetProperty("channel").GetString() == "trades")
            .Select(e => (e.GetProperty("symbol").GetString(), e.GetProperty("payload").GetProperty("i").GetInt64())).ToHashSet();
        var barVersions = before.Where(e => e.GetProperty("channel").GetString() is "bars" or "updatedBars").Select(BarVersion).ToHashSet();

        await run.StartHostAsync();
        await run.WaitForRepairsAsync();
        var verdict = await run.VerifyAsync();
        var added = run.Dump().Skip(0).Where(e => e.GetProperty("source").GetString() == "rest").ToList();
        added.Where(e => e.GetProperty("channel").GetString() == "trades")
            .Count(e => tradeIds.Contains((e.GetProperty("symbol").GetString(), e.GetProperty("payload").GetProperty("i").GetInt64())))
            .ShouldBe(0, "trades already in Kafka were published again");
        var barsAgain = added.Where(e => e.GetProperty("channel").GetString() == "bars").Count(e => barVersions.Contains(BarVersion(e)));
        // The first run's own REST bars (its lookback fill) are in `before` too; a restart must not repeat any version.
        barsAgain.ShouldBe(before.Count(e => e.GetProperty("channel").GetString() == "bars" && e.GetProperty("source").GetString() == "rest"),
            "bar versions already in Kafka were published again");
        output.WriteLine($"{verdict}; {before.Count} records before the restart");
    }

    private static string BarVersion(System.Text.Json.JsonElement e)
    {
        var p = e.GetProperty("payload");
        return $"{e.GetProperty("symbol").GetString()}|{e.GetProperty("eventTs").GetString()}|{p.GetProperty("o")}|{p.GetProperty("h")}|{p.GetProperty("l")}|{p.GetProperty("c")}|{p.GetProperty("v")}";
    }
}

public sealed class DeliveryTimeoutTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    // With a finite KAFKA_DELIVERY_TIMEOUT_MS the producer gives records up during the outage; each comes back to its
    // lane as a hole and is repaired from the venue once the brokers return (bars leave the ledger, so they return too).
    [Fact]
    public async Task Records_the_producer_gave_up_on_are_repaired_once_brokers_return()
    {
        await using var run = await ChaosRun.StartAsync(kafka, new Dictionary<string, string> { ["KAFKA_DELIVERY_TIMEOUT_MS"] = "3000" });
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.KafkaAsync("down all");
        await Task.Delay(TimeSpan.FromSeconds(20));
        await run.KafkaAsync("up all");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await run.WaitForRepairsAsync(TimeSpan.FromSeconds(120));
        var repairs = await run.Http.GetStringAsync($"{run.Host!.BaseUrl}/metrics");
        repairs.ShouldContain("torghut_transport_failed_total");
        output.WriteLine((await run.VerifyAsync()).ToString());
    }
}
