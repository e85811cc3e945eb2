using Torghut.Host.Configuration;
using System.Globalization;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Gates.Calendar;
using Torghut.Host.Gates.Slo;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Transport.Kafka;
using Torghut.Host.Transport;

namespace Torghut.Host.Gates.Phases;

/// <summary>
/// Evaluates a rollout phase's exit criteria against live sources (docs/slo.md "Phase gates"). Sustained criteria are
/// sampled from start to the end of the window (default 30 min for phase 0, 5 min otherwise; --window shortens it); a
/// source that cannot be reached aborts the run with <see cref="SourceUnreachableException"/> — never a pass.
/// </summary>
public sealed class PhaseGate(HostApi host, IGateStore store, KafkaSettings? kafka, GatesOptions options, IMarketHours hours, TextWriter progress)
{
    public static TimeSpan DefaultWindow(int phase) => phase == 0 ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(5);

    private sealed record Sample(DateTimeOffset At, PrometheusText Metrics, bool Ready, string? ErrorClass, bool KafkaGate, long? TaParseFailures,
        DateTimeOffset? MaxSignalEventTs, IReadOnlyDictionary<string, string[]> Eligibility);

    private sealed record RunningLane(string Name, Market Market, IReadOnlyList<string> Symbols);

    public async Task<GateReport> RunAsync(int phase, TimeSpan? windowOption, IReadOnlyList<string>? symbolsOption, CancellationToken ct)
    {
        var window = windowOption ?? DefaultWindow(phase);
        var started = DateTimeOffset.UtcNow;
        var lanes = await RunningLanesAsync(ct);
        var tradeSymbols = phase == 3 ? TradeSymbols(symbolsOption, lanes) : [];
        var interval = TimeSpan.FromTicks(Math.Clamp(window.Ticks / 4, TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromSeconds(5).Ticks));
        var samples = new List<Sample>();
        // Phase 1's "new rows": rows whose event_ts is after start − lookback, counted at start and at the end. The lookback
        // covers the TA watermark delay (a 1 s bar is written ~2-3 s after its event time), so a short window still sees rows.
        var rowsAtStart = phase == 1 ? await store.RowsAsync(NewRowsLookback, ct) : null;
        progress.WriteLine($"gate phase {phase}: sampling {host.BaseUrl} every {interval.TotalSeconds:0.#} s for {Format(window)}; store: {store.Describe}");
        while (true)
        {
            samples.Add(await SampleAsync(phase, tradeSymbols, ct));
            var elapsed = DateTimeOffset.UtcNow - started;
            if (elapsed >= window) break;
            await Task.Delay(interval < window - elapsed ? interval : window - elapsed, ct);
        }
        var finished = DateTimeOffset.UtcNow;
        var criteria = phase switch
        {
            0 => Phase0(samples, lanes, started, finished),
            1 => await Phase1Async(samples, lanes, rowsAtStart!, started, ct),
            2 => await Phase2Async(samples, lanes, symbolsOption, started, finished, ct),
            3 => Phase3(samples, tradeSymbols),
            _ => throw new ArgumentOutOfRangeException(nameof(phase)),
        };
        return new GateReport(phase, window, started, finished, criteria);
    }

    private async Task<Sample> SampleAsync(int phase, IReadOnlyList<string> tradeSymbols, CancellationToken ct)
    {
        var metrics = await host.MetricsAsync(ct);
        var (ready, errorClass, kafkaGate) = await host.ReadyzAsync(ct);
        var ta = await host.JsonAsync("/api/ta", ct);
        long? parseFailures = ta.GetProperty("running").GetBoolean() ? ta.GetProperty("counters").GetProperty("parseFailures").GetInt64() : null;
        DateTimeOffset? newest = phase == 0 ? (await store.RowsAsync(TimeSpan.FromSeconds(1), ct)).MaxSignalEventTs : null;
        var eligibility = new Dictionary<string, string[]>();
        foreach (var symbol in tradeSymbols)
        {
            var json = await host.JsonAsync($"/api/torghut/trading/eligibility?symbol={Uri.EscapeDataString(symbol)}", ct);
            eligibility[symbol] = json.GetProperty("allowed").GetBoolean() ? [] : json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();
        }
        return new Sample(DateTimeOffset.UtcNow, metrics, ready, errorClass, kafkaGate, parseFailures, newest, eligibility);
    }

    // Phase 0: the universe service is dependable and TA keeps up, sustained over the window.
    private List<CriterionResult> Phase0(List<Sample> samples, IReadOnlyList<RunningLane> lanes, DateTimeOffset started, DateTimeOffset finished)
    {
        var slo = options.Slo;
        var results = new List<CriterionResult>();
        foreach (var lane in lanes)
        {
            var name = $"universe_fetch_failures[{lane.Name}]";
            var threshold = $"<= {slo.UniverseMaxFailures:0}";
            if (!InSession(lane, started, finished)) { results.Add(CriterionResult.Skipped(name, threshold, "equity market not in session")); continue; }
            var failures = Increase(samples, m => m.Sum("torghut_ws_desired_symbols_fetch_failures_total", ("lane", lane.Name)));
            results.Add(CriterionResult.Check(name, failures <= slo.UniverseMaxFailures, $"{failures:0} failures in {Format(finished - started)}", threshold));
        }
        var lags = samples.Select(s => s.MaxSignalEventTs is { } t ? (s.At - t).TotalSeconds : (double?)null).ToList();
        var taThreshold = $"< {slo.TaFreshnessMaxSeconds:0.#} s in every sample";
        if (lanes.Count > 0 && lanes.All(l => !InSession(l, started, finished)))
            results.Add(CriterionResult.Skipped("ta_lag_seconds", taThreshold, "no running lane's market in session"));
        else if (lags.Any(l => l is null))
            results.Add(CriterionResult.Check("ta_lag_seconds", false, "no signals in the store", taThreshold));
        else
        {
            var worst = lags.Max(l => l!.Value);
            results.Add(CriterionResult.Check("ta_lag_seconds", worst < slo.TaFreshnessMaxSeconds,
                $"max {Math.Max(0, worst):0.#} s over {samples.Count} samples", taThreshold));
        }
        return results;
    }

    // Phase 1: the crypto lane is live: ready, its topics healthy, new rows landing in the store.
    private static readonly TimeSpan NewRowsLookback = TimeSpan.FromSeconds(10);

    private async Task<List<CriterionResult>> Phase1Async(List<Sample> samples, IReadOnlyList<RunningLane> lanes, StoreRows rowsAtStart,
        DateTimeOffset started, CancellationToken ct)
    {
        var results = new List<CriterionResult>();
        var readyCount = samples.Count(s => s.Ready);
        var lastBad = samples.LastOrDefault(s => !s.Ready);
        results.Add(CriterionResult.Check("readiness", readyCount == samples.Count, $"{readyCount}/{samples.Count} samples ready",
            "/readyz 200 in every sample", lastBad is null ? null : $"not ready: {lastBad.ErrorClass ?? "unknown"}"));

        var topics = options.Topics.All;
        if (kafka is not null)
            results.Add(await Task.Run(() => KafkaTopics.Check(kafka, topics, TimeSpan.FromSeconds(10)), ct));
        else
        {
            // No KAFKA_BOOTSTRAP in the gate's configuration: the host's own transport gate is the evidence.
            var kafkaOk = samples.All(s => s.KafkaGate);
            results.Add(CriterionResult.Check("topics_healthy", kafkaOk, kafkaOk ? "host transport gate green in every sample" : "host transport gate red",
                "every topic exists, every partition has a leader", "KAFKA_BOOTSTRAP not set for the gate: read the host's /readyz kafka gate"));
        }

        var crypto = lanes.Where(l => l.Market == Market.Crypto).SelectMany(l => l.Symbols).ToHashSet();
        if (crypto.Count == 0)
            results.Add(CriterionResult.Check("new_crypto_rows", false, "no crypto lane running", "> 0 rows"));
        else
        {
            var rows = await store.RowsAsync(DateTimeOffset.UtcNow - started + NewRowsLookback, ct);
            static long Count(StoreRows r, string symbol) => r.Symbols.TryGetValue(symbol, out var c) ? c.Microbars + c.Signals : 0;
            var perSymbol = crypto.Order().Select(s => (Symbol: s, New: Math.Max(0, Count(rows, s) - Count(rowsAtStart, s)))).ToList();
            var total = perSymbol.Sum(p => p.New);
            var silent = perSymbol.Where(p => p.New == 0).Select(p => p.Symbol).ToList();
            results.Add(CriterionResult.Check("new_crypto_rows", total > 0, $"{total} new rows during the window", "> 0 rows",
                silent.Count == 0 ? null : $"none for {string.Join(",", silent)}"));
        }
        return results;
    }

    // Phase 2: every target pair has a day of rows, ingest stays fresh, nothing new fails to decode.
    private async Task<List<CriterionResult>> Phase2Async(List<Sample> samples, IReadOnlyList<RunningLane> lanes, IReadOnlyList<string>? symbolsOption,
        DateTimeOffset started, DateTimeOffset finished, CancellationToken ct)
    {
        var slo = options.Slo;
        var results = new List<CriterionResult>();
        var targets = symbolsOption is { Count: > 0 }
            ? symbolsOption.Select(s => (Symbol: s, Market: s.Contains('/') ? Market.Crypto : Market.Equity)).ToList()
            : lanes.SelectMany(l => l.Symbols.Select(s => (Symbol: s, l.Market))).ToList();
        if (targets.Count == 0) results.Add(CriterionResult.Check("target_pairs", false, "none", ">= 1 (running lanes or --symbols)"));
        var day = await store.RowsAsync(TimeSpan.FromHours(24), ct);
        foreach (var (symbol, market) in targets)
        {
            var name = $"rows_24h[{symbol}]";
            const string threshold = "> 0 microbars and > 0 signals";
            if (!hours.OpenDuring(market, finished - TimeSpan.FromHours(24), finished))
            {
                results.Add(CriterionResult.Skipped(name, threshold, "market not in session in the last 24 h"));
                continue;
            }
            var (microbars, signals) = day.Symbols.GetValueOrDefault(symbol);
            results.Add(CriterionResult.Check(name, microbars > 0 && signals > 0, $"{microbars} microbars, {signals} signals", threshold));
        }

        foreach (var lane in lanes)
        {
            var name = $"ingest_freshness_p95_seconds[{lane.Name}]";
            var threshold = $"< {slo.IngestP95Seconds:0.###} s";
            if (!InSession(lane, started, finished)) { results.Add(CriterionResult.Skipped(name, threshold, "equity market not in session")); continue; }
            bool Channel(IReadOnlyDictionary<string, string> l) => l.GetValueOrDefault("lane") == lane.Name && l.GetValueOrDefault("channel") is "trades" or "quotes";
            var first = samples[0].Metrics.Buckets("torghut_ws_lag_ms", Channel);
            var last = samples[^1].Metrics.Buckets("torghut_ws_lag_ms", Channel);
            var delta = new SortedDictionary<double, double>(last.ToDictionary(kv => kv.Key, kv => kv.Value - first.GetValueOrDefault(kv.Key)));
            var p95 = PrometheusText.Quantile(0.95, delta);
            var count = delta.Count == 0 ? 0 : delta.Last().Value;
            results.Add(p95 is null
                ? CriterionResult.Check(name, false, "no trades or quotes in the window", threshold)
                : CriterionResult.Check(name, p95.Value / 1000 < slo.IngestP95Seconds, $"{p95.Value / 1000:0.###} s over {count:0} trades/quotes", threshold,
                    "interpolated in torghut_ws_lag_ms buckets"));

            var decode = Increase(samples, m => m.Sum("torghut_ws_decode_errors_total", ("lane", lane.Name)));
            var reasons = string.Join(",", samples[^1].Metrics.Select("torghut_ws_decode_errors_total", ("lane", lane.Name))
                .Where(s => s.Value > 0).Select(s => s.Labels.GetValueOrDefault("reason")));
            results.Add(CriterionResult.Check($"decode_errors[{lane.Name}]", decode == 0, $"{decode:0} new in the window", "0 new",
                decode == 0 ? null : $"reasons so far: {reasons}"));
        }

        if (samples[0].TaParseFailures is { } before && samples[^1].TaParseFailures is { } after)
            results.Add(CriterionResult.Check("ta_parse_failures", after - before == 0, $"{after - before} new in the window", "0 new"));
        else results.Add(CriterionResult.Skipped("ta_parse_failures", "0 new", "no TA worker in this host (point --url at the TA process)"));
        return results;
    }

    // Phase 3: trading inputs: the allowlisted pairs stay eligible, and rejects/fallbacks stay rare.
    private List<CriterionResult> Phase3(List<Sample> samples, IReadOnlyList<string> tradeSymbols)
    {
        var results = new List<CriterionResult>();
        if (tradeSymbols.Count == 0) results.Add(CriterionResult.Check("eligibility", false, "no symbols to check", "allowed in every sample"));
        foreach (var symbol in tradeSymbols)
        {
            var blocked = samples.Where(s => s.Eligibility[symbol].Length > 0).ToList();
            var reasons = blocked.SelectMany(s => s.Eligibility[symbol]).Distinct().ToList();
            results.Add(CriterionResult.Check($"eligibility[{symbol}]", blocked.Count == 0,
                blocked.Count == 0 ? $"allowed in {samples.Count}/{samples.Count} samples" : $"blocked in {blocked.Count}/{samples.Count} samples: {string.Join(",", reasons)}",
                "allowed in every sample"));
        }

        var maxReject = options.MaxRejectRatio;
        var messages = Increase(samples, m => m.Sum("torghut_ws_provider_messages_total"));
        var rejects = Increase(samples, m => m.Sum("torghut_ws_decode_errors_total")) + Increase(samples, m => m.Sum("torghut_transport_failed_total"))
                      + (samples[^1].TaParseFailures ?? 0) - (samples[0].TaParseFailures ?? 0);
        results.Add(messages == 0
            ? CriterionResult.Check("reject_ratio", false, "no venue messages in the window", $"<= {maxReject}")
            : CriterionResult.Check("reject_ratio", rejects / messages <= maxReject, $"{rejects / messages:0.######} ({rejects:0} of {messages:0} messages)", $"<= {maxReject}",
                "decode errors + TA parse failures + transport delivery failures, per venue message"));

        var maxFallback = options.MaxFallbackRatio;
        var failures = Increase(samples, m => m.Sum("torghut_ws_desired_symbols_fetch_failures_total"));
        var fetches = failures + Increase(samples, m => m.Sum("torghut_ws_desired_symbols_fetch_success_total"));
        results.Add(CriterionResult.Check("fallback_ratio", fetches == 0 || failures / fetches <= maxFallback,
            fetches == 0 ? "0 (no universe fetches in the window)" : $"{failures / fetches:0.###} ({failures:0} of {fetches:0} fetches)", $"<= {maxFallback}",
            "universe fetches that fell back to the last-known list"));
        return results;
    }

    private async Task<IReadOnlyList<RunningLane>> RunningLanesAsync(CancellationToken ct)
    {
        var json = await host.JsonAsync("/api/lanes", ct);
        return json.EnumerateArray().Where(l => l.GetProperty("running").GetBoolean()).Select(l =>
        {
            var name = l.GetProperty("name").GetString()!;
            var market = LaneDefinition.All.FirstOrDefault(d => d.Name == name)?.Market ?? Market.Crypto;
            return new RunningLane(name, market, l.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToList());
        }).ToList();
    }

    private IReadOnlyList<string> TradeSymbols(IReadOnlyList<string>? option, IReadOnlyList<RunningLane> lanes)
    {
        if (option is { Count: > 0 }) return option;
        var allowlist = (options.TradingAllowlist ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return allowlist.Length > 0 ? allowlist : lanes.Where(l => l.Market == Market.Crypto).SelectMany(l => l.Symbols).ToList();
    }

    private bool InSession(RunningLane lane, DateTimeOffset from, DateTimeOffset to) => hours.IsOpen(lane.Market, from) && hours.IsOpen(lane.Market, to);

    /// <summary>Counter increase over the samples; a drop is a reset (lane restarted), as Prometheus' increase().</summary>
    private static double Increase(List<Sample> samples, Func<PrometheusText, double> read)
    {
        double total = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            var (a, b) = (read(samples[i - 1].Metrics), read(samples[i].Metrics));
            total += b >= a ? b - a : b;
        }
        return total;
    }


    public static string Format(TimeSpan t) => t.TotalHours >= 1 && t.TotalHours % 1 == 0 ? $"{t.TotalHours:0}h"
        : t.TotalMinutes >= 1 && t.TotalMinutes % 1 == 0 ? $"{t.TotalMinutes:0}m" : $"{t.TotalSeconds:0.###}s";
}
