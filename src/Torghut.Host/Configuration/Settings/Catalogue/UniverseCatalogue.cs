namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Where each lane's desired symbols come from.</summary>
public static class UniverseCatalogue
{
    public static readonly TextSetting Symbols = new(ConfigKeys.Symbols, null,
        "Upstream's symbol list; split by market (a `/` means crypto).");
    public static readonly TextSetting CryptoSymbols = new(ConfigKeys.CryptoSymbols, "BTC/USD,ETH/USD,SOL/USD",
        "The crypto lane's own list; wins over `SYMBOLS`.");
    public static readonly TextSetting EquitySymbols = new(ConfigKeys.EquitySymbols,
        "ARM,CRWD,GOOG,LRCX,MSFT,MU,NVDA,SNDK,TSM",
        "The equity lane's own list; wins over `SYMBOLS`.");
    public static readonly UrlSetting JangarSymbolsUrl = new("JANGAR_SYMBOLS_URL",
        "Symbol universe service (`{\"symbols\":[…]}`); each lane asks for its own `assetClass`. Unset: the host's " +
        "own symbols service.", "http", "https")
    { DefaultText = "unset (the host's own symbols service)" };
    public static readonly MillisecondsSetting PollInterval = new("SYMBOLS_POLL_INTERVAL_MS", 30_000,
        "Universe poll interval.", min: 1, max: int.MaxValue)
    { DefaultText = "`30000` (`1000` without `JANGAR_SYMBOLS_URL`: the local store)" };
    public static readonly MillisecondsSetting FetchTimeout = new("SYMBOLS_FETCH_TIMEOUT_MS", 5_000,
        "Per-fetch timeout of the universe service.", min: 1, max: int.MaxValue);
    public static readonly TextSetting SymbolsDb = new(ConfigKeys.SymbolsDb, null,
        "SQLite connection string of the symbols service (unused when `DATABASE_URL` is set).")
    { DefaultText = "`Data Source=<data dir>/symbols.db`" };
    public static readonly TextSetting DatabaseUrl = new(ConfigKeys.DatabaseUrl, null,
        "PostgreSQL database holding `torghut_symbols` (Jangar's name); set, the symbols service uses it " +
        "instead of SQLite.")
    { Secret = true, DefaultText = "unset (SQLite, `TORGHUT_SYMBOLS_DB`)" };
}
