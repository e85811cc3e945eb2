namespace Torghut.Host.Configuration;

/// <summary>
/// Operator-facing setting names. Upstream env names are kept where they exist so an existing configmap works.
/// Every key here is documented in docs/configuration.md.
/// </summary>
public static class ConfigKeys
{
    public const string PluginsDir = "TORGHUT_PLUGINS_DIR";
    public const string PluginsRescanMs = "TORGHUT_PLUGINS_RESCAN_MS";
    public const string PluginsDebounceMs = "TORGHUT_PLUGINS_DEBOUNCE_MS";
    public const string Lanes = "TORGHUT_LANES";
    /// <summary>Prefix of a configured lane's settings: TORGHUT_LANE_&lt;NAME&gt;_PLUGIN, _SYMBOLS, _ENABLED, …</summary>
    public const string LanePrefix = "TORGHUT_LANE_";
    public const string FlagsFile = "TORGHUT_FLAGS_FILE";
    public const string FlagsPollMs = "TORGHUT_FLAGS_POLL_MS";
    public const string HttpUrl = "TORGHUT_HTTP_URL";
    public const string MarketType = "ALPACA_MARKET_TYPE";
    public const string AlpacaKeyId = "ALPACA_KEY_ID";
    public const string AlpacaSecretKey = "ALPACA_SECRET_KEY";
    public const string Symbols = "SYMBOLS";
    public const string CryptoSymbols = "SYMBOLS_CRYPTO";
    public const string EquitySymbols = "SYMBOLS_EQUITY";
    public const string CryptoPlugin = "TORGHUT_CRYPTO_PLUGIN";
    public const string EquityPlugin = "TORGHUT_EQUITY_PLUGIN";
    public const string SymbolsDb = "TORGHUT_SYMBOLS_DB";
    /// <summary>SIGTERM → exit within this, whatever is down (docs/adr/0013-shutdown-budget.md).</summary>
    public const string ShutdownTimeoutMs = "TORGHUT_SHUTDOWN_TIMEOUT_MS";

    /// <summary>Jangar's name for the PostgreSQL database holding torghut_symbols; set, the symbols service uses it.</summary>
    public const string DatabaseUrl = "DATABASE_URL";

    // SLOs and phase gates (docs/slo.md).
    public const string SloEvalIntervalMs = "SLO_EVAL_INTERVAL_MS";
    public const string SloReadinessTarget = "SLO_READINESS_TARGET";
    public const string SloReadinessWindowSeconds = "SLO_READINESS_WINDOW_SECONDS";
    public const string SloReadinessGraceSeconds = "SLO_READINESS_GRACE_SECONDS";
    public const string SloIngestFreshnessP95Seconds = "SLO_INGEST_FRESHNESS_P95_SECONDS";
    public const string SloIngestFreshnessWindowSeconds = "SLO_INGEST_FRESHNESS_WINDOW_SECONDS";
    public const string TaFreshnessMaxSeconds = "TA_FRESHNESS_MAX_SECONDS";
    /// <summary>Stored microbars a TA worker replays into a symbol's new 1 s signal series (start, takeover); 0 disables.</summary>
    public const string TaWarmupBars = "TA_WARMUP_BARS";
    /// <summary>Minutes of the 1 m bars topic a TA worker re-reads into its 1 m signal series when it takes a bars partition over; 0 disables.</summary>
    public const string TaWarmup1mMinutes = "TA_WARMUP_1M_MINUTES";
    public const string SloCoverageWindowMinutes = "SLO_COVERAGE_WINDOW_MINUTES";
    public const string SloUniverseMaxFailures = "SLO_UNIVERSE_MAX_FAILURES";
    public const string SloUniverseWindowSeconds = "SLO_UNIVERSE_WINDOW_SECONDS";
    public const string SloKafkaMaxFailures = "SLO_KAFKA_MAX_FAILURES";
    public const string SloKafkaWindowSeconds = "SLO_KAFKA_WINDOW_SECONDS";
    public const string SloEquitySession = "SLO_EQUITY_SESSION";
    public const string GateMaxRejectRatio = "GATE_MAX_REJECT_RATIO";
    public const string GateMaxFallbackRatio = "GATE_MAX_FALLBACK_RATIO";

    /// <summary>Settings that hold secrets: never printed, logged or put in an error message.</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        AlpacaSecretKey, "KAFKA_SASL_PASSWORD", "KAFKA_PASSWORD", DatabaseUrl,
    };
}
