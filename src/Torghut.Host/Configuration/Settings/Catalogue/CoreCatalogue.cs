using Torghut.Host.Storage;
using Torghut.Host.Web;

namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Process-wide settings of `run`: listen URL, shutdown, flags file, venue credentials, local state.</summary>
public static class CoreCatalogue
{
    public static readonly TextSetting HttpUrl = new(ConfigKeys.HttpUrl, "http://127.0.0.1:8080",
        "Listen URL of `run` (`--url` overrides).");
    public static readonly MillisecondsSetting ShutdownTimeout = new(ConfigKeys.ShutdownTimeoutMs, 15_000,
        "One deadline for a stop (SIGTERM, Ctrl-C): lanes and the TA worker drain in its first 2/3, the Kafka flush " +
        "gets the rest (docs/adr/0013-shutdown-budget.md).", min: Shutdown.ShutdownBudget.MinimumMs, max: int.MaxValue);
    public static readonly TextSetting FlagsFile = new(ConfigKeys.FlagsFile, null,
        "Flags file in upstream's GitOps format (Flipt declarative YAML), watched.");
    public static readonly MillisecondsSetting FlagsPoll = new(ConfigKeys.FlagsPollMs, 500,
        "How often the flags file is checked (polling survives rename-replace and ConfigMap symlink swaps).",
        min: 1, max: int.MaxValue);
    public static readonly ChoiceSetting MarketType = new(ConfigKeys.MarketType, null,
        ["crypto", "equity", "equities", "stocks"],
        "Upstream's single-market switch: `crypto` turns the crypto lane on and equity off, `equity` the reverse " +
        "(ranked below the flags file).");
    public static readonly TextSetting AlpacaKeyId = new(ConfigKeys.AlpacaKeyId, null,
        "Alpaca key id. Never logged or printed.") { Secret = true };
    public static readonly TextSetting AlpacaSecretKey = new(ConfigKeys.AlpacaSecretKey, null,
        "Alpaca secret key. Never logged or printed.") { Secret = true };
    public static readonly TextSetting AlpacaStreamUrl = new("ALPACA_STREAM_URL", null,
        "Websocket base (an `http(s)://` URL is mapped to `ws(s)://`); set, the embedded simulator stays off.")
    { DefaultText = "`wss://stream.data.alpaca.markets`" };
    public static readonly BooleanSetting EmbeddedSimulator = new("TORGHUT_EMBEDDED_SIMULATOR", true,
        "With no Alpaca keys and no `ALPACA_STREAM_URL`, `run` starts the bundled Alpaca simulator " +
        "and streams from it.");
    public static readonly TextSetting DataDir = new(StorageKeys.DataDir, null,
        "Local state: the symbols database and the embedded DuckDB file.")
    { DefaultText = "`$XDG_DATA_HOME/torghut`, else `~/.local/share/torghut`" };
    public static readonly TextSetting AdminToken = new(WebKeys.AdminToken, null,
        "Bearer token for write endpoints. Unset with every listen URL on loopback: a token is generated per run.")
    { Secret = true };
}
