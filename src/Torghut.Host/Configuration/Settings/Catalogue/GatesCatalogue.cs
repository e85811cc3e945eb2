namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>SLOs, trading eligibility and rollout gates (docs/slo.md).</summary>
public static class GatesCatalogue
{
    public static readonly MillisecondsSetting EvalInterval = new(ConfigKeys.SloEvalIntervalMs, 10_000,
        "How often the SLO evaluator runs.", min: 100, max: int.MaxValue);
    public static readonly DoubleSetting ReadinessTarget = new(ConfigKeys.SloReadinessTarget, 0.999,
        "WS readiness availability target.", min: 0, max: 1);
    public static readonly DoubleSetting ReadinessWindowSeconds = new(ConfigKeys.SloReadinessWindowSeconds, 3600,
        "WS readiness window.", min: 1);
    public static readonly DoubleSetting ReadinessGraceSeconds = new(ConfigKeys.SloReadinessGraceSeconds, 60,
        "A starting lane is not sampled until first ready or this grace passes.", min: 0);
    public static readonly DoubleSetting IngestP95Seconds = new(ConfigKeys.SloIngestFreshnessP95Seconds, 2,
        "Ingest freshness (event → ingest) p95 threshold.", min: 0);
    public static readonly DoubleSetting IngestWindowSeconds = new(ConfigKeys.SloIngestFreshnessWindowSeconds, 300,
        "Ingest freshness window.", min: 1, max: 3600);
    public static readonly DoubleSetting TaFreshnessMaxSeconds = new(ConfigKeys.TaFreshnessMaxSeconds, 120,
        "TA freshness threshold (now − newest signal): the SLO, trading eligibility and gate phase 0.", min: 0);
    public static readonly DoubleSetting CoverageWindowMinutes = new(ConfigKeys.SloCoverageWindowMinutes, 30,
        "Pair coverage: every desired symbol needs microbars and signals in this window.", min: 0.1);
    public static readonly DoubleSetting UniverseMaxFailures = new(ConfigKeys.SloUniverseMaxFailures, 1,
        "Universe fetch failures tolerated per window.", min: 0);
    public static readonly DoubleSetting UniverseWindowSeconds = new(ConfigKeys.SloUniverseWindowSeconds, 1800,
        "Universe failure window.", min: 1);
    public static readonly DoubleSetting KafkaMaxFailures = new(ConfigKeys.SloKafkaMaxFailures, 0,
        "Kafka delivery failures tolerated per window.", min: 0);
    public static readonly DoubleSetting KafkaWindowSeconds = new(ConfigKeys.SloKafkaWindowSeconds, 300,
        "Kafka failure window.", min: 1);
    public static readonly ChoiceSetting EquitySession = new(ConfigKeys.SloEquitySession, "regular",
        ["regular", "extended"],
        "Equity SLO session by the NYSE calendar: `regular` (09:30–16:00 New York) or `extended` (04:00–20:00).");
    public static readonly DoubleSetting MaxRejectRatio = new(ConfigKeys.GateMaxRejectRatio, 0.001,
        "`gate --phase 3` reject ratio threshold.", min: 0);
    public static readonly DoubleSetting MaxFallbackRatio = new(ConfigKeys.GateMaxFallbackRatio, 0.05,
        "`gate --phase 3` fallback ratio threshold.", min: 0);
    public static readonly TextSetting TradingAllowlist = new("TRADING_EXECUTION_ALLOWLIST", null,
        "Symbols the trading side may trade (eligibility, gate phases); unset: the crypto lane's symbols.")
    { DefaultText = "the crypto lane's symbols" };
}
