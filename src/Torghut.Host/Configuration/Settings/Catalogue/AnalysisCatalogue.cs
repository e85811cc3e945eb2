namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>The TA worker: topics, watermark, signal windows, warm-up, batching, schema framing.</summary>
public static class AnalysisCatalogue
{
    public static readonly TextSetting TradesTopic = new("TA_TRADES_TOPIC", null, "TA input: trades.")
    { DefaultText = "`TOPIC_TRADES`" };
    public static readonly TextSetting QuotesTopic = new("TA_QUOTES_TOPIC", null, "TA input: quotes.")
    { DefaultText = "`TOPIC_QUOTES`" };
    public static readonly TextSetting Bars1mTopic = new("TA_BARS1M_TOPIC", null, "TA input: 1 m bars.")
    { DefaultText = "`TOPIC_BARS_1M`" };
    public static readonly TextSetting CorrectionsTopic = new("TA_CORRECTIONS_TOPIC", null,
        "TA input: equity trade cancels and corrections, applied to the microbars (ADR 0045). May not exist.")
    { DefaultText = "`TOPIC_CORRECTIONS`" };
    public static readonly TextSetting MicrobarsTopic = new("TA_MICROBARS_TOPIC", "torghut.ta.bars.1s.v1",
        "Avro microbars output.");
    public static readonly TextSetting SignalsTopic = new("TA_SIGNALS_TOPIC", "torghut.ta.signals.v1",
        "Avro signals output.");
    public static readonly TextSetting StatusTopic = new("TA_STATUS_TOPIC", "torghut.ta.status.v1",
        "Avro TA status output.");
    public static readonly MillisecondsSetting MaxOutOfOrder = new("TA_MAX_OUT_OF_ORDER_MS", 2_000,
        "Watermark delay.", max: int.MaxValue);
    public static readonly MillisecondsSetting AllowedLateness = new("TA_ALLOWED_LATENESS_MS", 10_000,
        "How late a trade may be and still revise its bar.", max: int.MaxValue);
    public static readonly MillisecondsSetting WatermarkIdle = new("TA_WATERMARK_IDLE_TIMEOUT_MS", 5_000,
        "Idle flush of the watermark.", max: int.MaxValue);
    public static readonly MillisecondsSetting FreezeAfter = new("TA_FREEZE_AFTER_MS", 30_000,
        "A bar is frozen this long after its end (must exceed out-of-order + lateness).", max: int.MaxValue);
    public static readonly MillisecondsSetting ClockTolerance = new("TA_CLOCK_TOLERANCE_MS", 5_000,
        "Clock skew allowed for between ingest hosts and the TA worker.", max: int.MaxValue);
    public static readonly IntegerSetting VwapWindowSeconds = new("TA_VWAP_WINDOW_SECONDS", 300,
        "Rolling VWAP window.");
    public static readonly IntegerSetting RealizedVolBars = new("TA_REALIZED_VOL_WINDOW", 60,
        "Realized volatility bars.");
    public static readonly MillisecondsSetting QuoteStaleAfter = new("TA_QUOTE_STALE_AFTER_MS", 2_000,
        "A quote older than this is not used for spread and bid/ask.", max: int.MaxValue);
    public static readonly IntegerSetting WarmupBars = new(ConfigKeys.TaWarmupBars, 600,
        "Stored microbars replayed into a symbol's new 1 s signal series; `0` disables.", max: 86_400);
    public static readonly IntegerSetting Warmup1mMinutes = new(ConfigKeys.TaWarmup1mMinutes, 1_440,
        "The 1 m warm-up window: bars topic commits trail the newest record by this much; `0` disables.", max: 43_200);
    public static readonly MillisecondsSetting Batch = new("TA_BATCH_MS", 200,
        "Consume batch: at most this long.", min: 1, max: int.MaxValue);
    public static readonly IntegerSetting BatchMax = new("TA_BATCH_MAX", 50_000,
        "Consume batch: at most this many records.", min: 1);
    public static readonly MillisecondsSetting StatusInterval = new("TA_STATUS_INTERVAL_MS", 10_000,
        "TA status record interval.", min: 1, max: int.MaxValue);
    public static readonly UrlSetting SchemaRegistry = new("TA_SCHEMA_REGISTRY_URL",
        "Confluent-compatible registry: schemas registered at start, records get Confluent framing.", "http", "https");
    public static readonly IntegerSetting SchemaId = new("TA_SCHEMA_ID", null,
        "Without a registry: frame every TA record with this fixed schema id. Neither set: plain Avro binary.");
}
