using System.Text.Json;
using Alpaca.Simulator;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>`torghut backfill` as an operator runs it: simulator REST in, Kafka out.</summary>
public sealed class BackfillCommandTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly DateTimeOffset SimStart = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Backfills_a_range_to_the_bars_topic_with_progress_and_exit_0()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimStart });
        var env = new Dictionary<string, string?>(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
        {
            ["TORGHUT_PLUGINS_DIR"] = RepoPaths.HostPlugins, ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["TOPIC_BARS_1M"] = "test.backfill.bars.v1",
        };
        var (code, output, err) = await CliRunner.RunAsync(env, "backfill", "--symbols", "btc/usd,ETH/USD",
            "--from", "2026-11-20T10:00:00Z", "--to", "2026-11-20T11:29:00Z");
        code.ShouldBe(0, output + err);
        output.ShouldContain("100%");
        output.ShouldContain("180 bars");
        output.ShouldContain("confirmed every record");

        var bars = KafkaTopicDump.ReadAll(kafka.Bootstrap, ["test.backfill.bars.v1"])
            .Select(r => JsonDocument.Parse(r.Message.Value).RootElement).ToList();
        bars.Count.ShouldBe(180);
        bars.ShouldAllBe(b => b.GetProperty("source").GetString() == "rest" && b.GetProperty("payload").GetProperty("T").GetString() == "b");
        bars.Select(b => (b.GetProperty("symbol").GetString(), b.GetProperty("eventTs").GetString())).Distinct().Count().ShouldBe(180);
    }

    [Theory]
    [InlineData("--from", "yesterday")]
    [InlineData("--symbols", "not a symbol!")]
    public async Task Bad_arguments_exit_2(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--symbols"] = "BTC/USD", ["--from"] = "2026-11-20T10:00:00Z" };
        args[option] = value;
        var (code, _, err) = await CliRunner.RunAsync(new Dictionary<string, string?> { ["TORGHUT_PLUGINS_DIR"] = RepoPaths.HostPlugins },
            ["backfill", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        code.ShouldBe(2);
        err.ShouldContain("error:");
    }
}
