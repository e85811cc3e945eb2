using Torghut.Host.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Composition;

namespace Torghut.Host.Gates.Calendar;

/// <summary>Whether a market is in session: crypto always; equities by the exchange calendar.</summary>
public interface IMarketHours
{
    bool IsOpen(Market market, DateTimeOffset instant);

    /// <summary>Whether the market was in session at any time in [from, to).</summary>
    bool OpenDuring(Market market, DateTimeOffset from, DateTimeOffset to);

    ExchangeCalendar EquityCalendar { get; }
}

/// <summary>
/// Market hours for the SLOs and gates. Equity lanes count as in session during the regular session (09:30–16:00
/// New York, 13:00 on early closes) unless SLO_EQUITY_SESSION=extended (04:00–20:00, 17:00 on early closes), which fits
/// feeds that carry pre/post-market trades.
/// </summary>
public sealed class MarketHours(GatesOptions options) : IMarketHours, IHostComponent
{
    private bool Extended => options.ExtendedSession;

    public ExchangeCalendar EquityCalendar => ExchangeCalendar.Nyse;

    public bool IsOpen(Market market, DateTimeOffset instant) => market == Market.Crypto || EquityCalendar.IsOpen(instant, Extended);

    public bool OpenDuring(Market market, DateTimeOffset from, DateTimeOffset to) =>
        market == Market.Crypto || EquityCalendar.OpenDuring(from, to, Extended);
}
