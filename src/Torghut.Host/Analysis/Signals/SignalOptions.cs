namespace Torghut.Host.Analysis.Signals;

/// <summary>
/// Indicator parameters shared by both cadences (each cadence still has its own state). EMA 12/26, MACD signal 9,
/// RSI 14 and Bollinger 20 ± 2σ are fixed: the output schema names them.
/// </summary>
public sealed record SignalOptions
{
    /// <summary>Rolling VWAP window in bar time (upstream <c>TA_VWAP_WINDOW_SECONDS</c> = 300): bars with t ≥ last t − this.</summary>
    public TimeSpan VwapWindow { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Realized volatility uses the log returns between the last this-many bars (upstream <c>TA_REALIZED_VOL_WINDOW</c> = 60).</summary>
    public int RealizedVolBars { get; init; } = 60;

    /// <summary>
    /// A quote feeds <c>imbalance</c> only if its time is within this of the bar's close (window end), either side:
    /// 1 s bars are emitted ~2 s after they close, so the latest quote is usually slightly newer than the bar.
    /// Upstream [H] <c>TA_QUOTE_STALE_AFTER_MS</c> = 2000.
    /// </summary>
    public TimeSpan QuoteStaleAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many bars back a revision (a replaced or inserted bar) may reach in the 1 m series; the signals from
    /// there on are recomputed and emitted again. Older revisions are dropped and counted. The 1 s series derives
    /// its depth from the microbar lateness.
    /// </summary>
    public int MaxRevisionDepth1m { get; init; } = 60;

    /// <summary>Session calendar per symbol (session VWAP resets at its boundary). Default: crypto UTC day, equity New York day.</summary>
    public Func<string, ISessionCalendar> SessionFor { get; init; } = NewYorkTradingDaySession.ForSymbol;

    internal const int EmaFast = 12, EmaSlow = 26, MacdSignal = 9, RsiPeriod = 14, BollingerPeriod = 20;
    internal const double BollingerK = 2.0;
}
