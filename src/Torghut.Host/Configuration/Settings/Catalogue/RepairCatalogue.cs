namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>How a lane repairs holes in its record (README, "Holes and repair").</summary>
public static class RepairCatalogue
{
    public static readonly BooleanSetting Bars = new("ENABLE_BARS_BACKFILL", true,
        "Repair bars from the venue's REST history.");
    public static readonly DoubleSetting BarsLookbackHours = new("BARS_BACKFILL_LOOKBACK_HOURS", 12,
        "How far back bars are read from the topics at start and repaired; `0` turns the look-back off.", min: 0);
    public static readonly BooleanSetting Trades = new("REPAIR_TRADES", true,
        "Repair trades from the venue's history.");
    public static readonly BooleanSetting Quotes = new("REPAIR_QUOTES", null,
        "Repair quotes from the venue's history.") { DefaultText = "crypto `true`, equity `false`" };
    public static readonly DoubleSetting TradesLookbackHours = new("REPAIR_TRADES_LOOKBACK_HOURS", 12,
        "The longest trade/quote hole repaired, and how far back the topics are read at start.", min: 0);
    public static readonly DoubleSetting LatenessMs = new("REPAIR_LATENESS_MS", 90_000,
        "How late the venue may send an event after its own time: holes start this much earlier.", min: 0,
            exclusiveMin: true);
    public static readonly MillisecondsSetting AfterSilence = new("REPAIR_AFTER_SILENCE_MS", 10_000,
        "A subscribed socket silent this long that then speaks again is checked against the venue's history.",
        min: 100, max: int.MaxValue) { DefaultText = "`10000` (at most half the read-idle timeout)" };
    public static readonly DoubleSetting RetryMs = new("REPAIR_RETRY_MS", 30_000,
        "Retry interval of a hole whose repair failed.", min: 0, exclusiveMin: true);
    public static readonly DoubleSetting TailTimeoutMs = new("REPAIR_TAIL_TIMEOUT_MS", 60_000,
        "How long a starting lane tries to read its record's tail before streaming without it.", min: 0,
            exclusiveMin: true);
}
