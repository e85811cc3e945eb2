namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Every lane's venue session timing, heartbeat and ingest topics.</summary>
public static class IngestCatalogue
{
    public static readonly MillisecondsSetting ReconnectBase = new("RECONNECT_BASE_MS", 500,
        "Reconnect backoff start (exponential, ±20 % jitter, reset once fully subscribed).", min: 10,
            max: int.MaxValue);
    public static readonly MillisecondsSetting ReconnectMax = new("RECONNECT_MAX_MS", 30_000,
        "Reconnect backoff cap.", min: 10, max: int.MaxValue);
    public static readonly MillisecondsSetting ReadIdleTimeout = new("ALPACA_MARKET_DATA_READ_IDLE_TIMEOUT_MS", 180_000,
        "A socket silent this long is reconnected (always on: crypto is 24/7).", min: 1_000, max: int.MaxValue);
    public static readonly MillisecondsSetting PingInterval = new("ALPACA_PING_INTERVAL_MS", 20_000,
        "Websocket ping interval (a missing pong is a dead link).", min: 100, max: int.MaxValue);
    public static readonly MillisecondsSetting AuthTimeout = new("ALPACA_AUTH_TIMEOUT_MS", 10_000,
        "Time allowed for `authenticated`.", min: 100, max: int.MaxValue);
    public static readonly MillisecondsSetting ConfigErrorRetry = new("ALPACA_CONFIG_ERROR_RETRY_MS", 60_000,
        "Retry after 402/408/409/410/411 (lane degraded, no tight loop).", min: 100, max: int.MaxValue);
    public static readonly MillisecondsSetting ConnectionLimitRetry = new("ALPACA_CONNECTION_LIMIT_RETRY_MS", 5_000,
        "Least wait after 406 (another connection holds the key).", min: 10, max: int.MaxValue);
    public static readonly MillisecondsSetting RefusedRetry = new("ALPACA_REFUSED_RETRY_MS", 600_000,
        "Symbols the venue refused (405, 400) are subscribed again after this long.", min: 1_000, max: int.MaxValue);
    public static readonly MillisecondsSetting Heartbeat = new("TORGHUT_HEARTBEAT_MS", 10_000,
        "Lane heartbeat (`lane_status`, key `lane:<name>`) on the status topic.", min: 1, max: int.MaxValue);
    public static readonly TextSetting TradesTopic = new("TOPIC_TRADES", "torghut.trades.v1", "Ingest trades topic.");
    public static readonly TextSetting QuotesTopic = new("TOPIC_QUOTES", "torghut.quotes.v1", "Ingest quotes topic.");
    public static readonly TextSetting BarsTopic = new("TOPIC_BARS_1M", "torghut.bars.1m.v1", "Ingest 1 m bars topic.");
    public static readonly TextSetting StatusTopic = new("TOPIC_STATUS", "torghut.status.v1",
        "Status topic (lane heartbeats, LULDs, imbalances).");
    public static readonly TextSetting CorrectionsTopic = new("TOPIC_CORRECTIONS", "torghut.trade-corrections.v1",
        "Equity trade corrections and cancel/errors (docs/adr/0014-every-venue-message.md).");
    public static readonly TextSetting OrderBooksTopic = new("TOPIC_ORDERBOOKS", "torghut.orderbooks.v1",
        "Crypto order books as received, written only when `orderbooks` is in `ALPACA_MARKET_DATA_CHANNELS` " +
        "(docs/orderbooks.md).");
    public static readonly MillisecondsSetting OrderBookStale = new("ORDERBOOK_STALE_MS", 30_000,
        "An order book with no message for this long is `stale`.", min: 1, max: int.MaxValue);
}
