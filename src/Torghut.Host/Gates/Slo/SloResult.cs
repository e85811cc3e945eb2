namespace Torghut.Host.Gates.Slo;

/// <summary>The SLO ids, exactly as the <c>slo</c> label of torghut_slo_* carries them.</summary>
public static class SloNames
{
    public const string WsReadinessAvailability = "ws_readiness_availability";
    public const string IngestFreshnessP95 = "ingest_freshness_p95_seconds";
    public const string TaFreshness = "ta_freshness_seconds";
    public const string PairCoverage = "pair_coverage";
    public const string UniverseFetchFailures = "universe_fetch_failures";
    public const string KafkaDeliveryFailures = "kafka_delivery_failures";

    public static readonly IReadOnlyList<string> All =
        [WsReadinessAvailability, IngestFreshnessP95, TaFreshness, PairCoverage, UniverseFetchFailures, KafkaDeliveryFailures];

    /// <summary>The lane label of process-wide SLOs (the transport is shared by every lane).</summary>
    public const string AllLanes = "all";
}

/// <summary>States: ok, breached, not_in_session (equity outside its session: never a breach), no_data (not evaluated in this process or nothing to measure yet).</summary>
public static class SloStates
{
    public const string Ok = "ok";
    public const string Breached = "breached";
    public const string NotInSession = "not_in_session";
    public const string NoData = "no_data";
}

/// <summary>How observed compares with threshold for the SLO to hold.</summary>
public enum SloComparison { AtLeast, Below, AtMost }

/// <summary>One SLO verdict for one lane.</summary>
public sealed record SloResult(string Slo, string Lane, string State, double? Observed, double Threshold, SloComparison Comparison,
    double WindowSeconds, string? Detail)
{
    public bool Breached => State == SloStates.Breached;

    public string Operator => Comparison switch { SloComparison.AtLeast => ">=", SloComparison.Below => "<", _ => "<=" };

    public static bool Holds(double observed, double threshold, SloComparison comparison) => comparison switch
    {
        SloComparison.AtLeast => observed >= threshold,
        SloComparison.Below => observed < threshold,
        _ => observed <= threshold,
    };
}

/// <summary>Everything the evaluator concluded at one tick.</summary>
public sealed record SloSnapshot(DateTimeOffset EvaluatedAt, IReadOnlyList<SloResult> Results, IReadOnlyDictionary<string, bool> MarketOpen,
    string Calendar, DateOnly CalendarCoversTo)
{
    public static readonly SloSnapshot Empty = new(DateTimeOffset.MinValue, [], new Dictionary<string, bool>(), "", DateOnly.MinValue);

    public SloResult? Find(string slo, string lane) => Results.FirstOrDefault(r => r.Slo == slo && r.Lane == lane);
}

/// <summary>The latest SLO verdicts (read-only to other modules).</summary>
public interface ISloStatus
{
    SloSnapshot Current { get; }
}
