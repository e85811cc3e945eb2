namespace Alpaca.Shared;

/// <summary>The operator-facing setting keys the Alpaca plugins read from a <c>VenueContext</c>, and their defaults.</summary>
public static class AlpacaSettingNames
{
    public const string KeyId = "ALPACA_KEY_ID";
    public const string SecretKey = "ALPACA_SECRET_KEY";
    public const string StreamUrl = "ALPACA_STREAM_URL";
    /// <summary>REST data base: bars, trades and quotes history (crypto <c>v1beta3/crypto/{loc}/…</c>, stocks <c>v2/stocks/…</c>).</summary>
    public const string BaseUrl = "ALPACA_BASE_URL";
    public const string CryptoLocation = "ALPACA_CRYPTO_LOCATION";
    /// <summary>Equity stream feed; REST history maps the stream-only feeds (delayed_sip → sip, test → iex).</summary>
    public const string Feed = "ALPACA_FEED";
    public const string Channels = "ALPACA_MARKET_DATA_CHANNELS";
    public const string SubscribeBatchSize = "SUBSCRIBE_BATCH_SIZE";
    public const string Adjustment = "ALPACA_ADJUSTMENT";

    public const string DefaultStreamUrl = "wss://stream.data.alpaca.markets";
    public const string DefaultBaseUrl = "https://data.alpaca.markets";
    public const string DefaultCryptoLocation = "us";
    public const string DefaultFeed = "iex";
    public const int DefaultSubscribeBatchSize = 200;
    public const string DefaultAdjustment = "raw";
}
