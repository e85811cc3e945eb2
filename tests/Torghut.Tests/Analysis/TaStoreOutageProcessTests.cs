using System.Diagnostics;
using System.Globalization;
using Torghut.LocalServers;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;
using Xunit.Abstractions;
using static Torghut.Tests.Analysis.HostProbe;

namespace Torghut.Tests.Analysis;

/// <summary>
/// A ClickHouse outage in the production shape (<see cref="OutageRig"/>): the 18.16 server is killed mid-stream and
/// started again after <see cref="OutageSeconds"/> (60 s unless TORGHUT_TEST_STORE_OUTAGE_SECONDS says otherwise).
/// The TA process must live through it, show it on /readyz and /metrics without its liveness giving up, log it once
/// at each end, resume by itself, and in the end the store must hold exactly the microbars of the trades on the
/// topic. Runs with the failover test, alone: it measures resumption.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class TaStoreOutageProcessTests(KafkaMockBroker kafka, ITestOutputHelper output) : IClassFixture<KafkaMockBroker>
{
    private static int OutageSeconds => Seconds("TORGHUT_TEST_STORE_OUTAGE_SECONDS", 60);

    [Fact]
    public async Task A_ta_worker_lives_through_a_clickhouse_outage_shows_it_and_stores_exactly_the_truth_once_it_is_back()
    {
        await using var clickhouse = await ClickHouseLocalServer.StartAsync([(ClickHouseServerFixture.User, ClickHouseServerFixture.Password)]);
        var outage = TimeSpan.FromSeconds(OutageSeconds);
        await using var rig = await OutageRig.StartAsync(kafka.Bootstrap, clickhouse.Url, new Dictionary<string, string>
        {
            // The backoff cap bounds how long after the store's return the worker notices it.
            ["TA_STORE_RETRY_MAX_MS"] = "2000",
            // Liveness would give up well within the outage if a store outage counted towards it: it must not.
            ["HEALTH_NOT_READY_KILL_AFTER_MS"] = ((int)Math.Max(1000, outage.TotalMilliseconds / 3)).ToString(CultureInfo.InvariantCulture),
        });
        var (http, ta) = (rig.Http, rig.Ta);
        await Eventually.HoldsAsync(async () => (await ReadyzAsync(http, ta)).Status == 200, "the TA worker ready", TimeSpan.FromSeconds(30));

        await clickhouse.StopAsync();
        var down = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => (await ReadyzAsync(http, ta)).Status == 503, "/readyz showing the store outage", TimeSpan.FromSeconds(20));
        var seenAfter = down.Elapsed;
        var (_, body) = await ReadyzAsync(http, ta);
        body.GetProperty("error_class").GetString().ShouldBe("ta_store_unavailable");
        body.GetProperty("gates").GetProperty("ta_store").GetBoolean().ShouldBeFalse();
        body.GetProperty("gates").GetProperty("kafka").GetBoolean().ShouldBeTrue();
        (await MetricAsync(http, ta, "torghut_ta_store_up")).ShouldBe(0);
        // Through the whole outage: alive, not ready, and liveness still answering ok.
        while (down.Elapsed < outage)
        {
            ta.HasExited.ShouldBeFalse("the TA process died during the store outage:\n" + ta.Output);
            (await ReadyzAsync(http, ta)).Status.ShouldBe(503);
            (await http.GetAsync($"{ta.BaseUrl}/healthz")).IsSuccessStatusCode.ShouldBeTrue("a store outage must not make liveness give up");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        var failures = await MetricAsync(http, ta, "torghut_ta_store_write_failures_total");
        failures.ShouldBeGreaterThan(1);
        (await MetricAsync(http, ta, "torghut_ta_store_outage_seconds")).ShouldBeGreaterThan(outage.TotalSeconds - seenAfter.TotalSeconds - 5);

        await clickhouse.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => (await ReadyzAsync(http, ta)).Status == 200, "ready again once the store is back", TimeSpan.FromSeconds(30));
        var resumedAfter = back.Elapsed;
        (await MetricAsync(http, ta, "torghut_ta_store_up")).ShouldBe(1);
        var compared = await rig.FinishAsync();

        Lines(ta.Output, "store outage").ShouldBe(1, "one line when the outage starts\n" + ta.Output);
        Lines(ta.Output, "TA store writes resumed after").ShouldBe(1, "one line when it ends\n" + ta.Output);
        ta.Output.ShouldNotContain(ClickHouseServerFixture.Password);
        output.WriteLine($"outage {outage.TotalSeconds:0} s: /readyz red after {seenAfter.TotalSeconds:0.0} s, {failures} failed writes, " +
                         $"ready again {resumedAfter.TotalSeconds:0.0} s after the server answered; {compared} microbars (and as many 1 s signals) equal the truth");
    }
}
