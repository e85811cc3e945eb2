namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>The Alpaca gateway (docs/gateway.md): off unless its URL is set; then its keys are required.</summary>
public static class GatewayCatalogue
{
    public static readonly UrlSetting Url = new("TORGHUT_GATEWAY_URL",
        "Listen URL of the Alpaca gateway (`http://127.0.0.1:8765`): `run` serves Alpaca's market-data websocket " +
        "protocol at `/v1beta3/crypto/{loc}` and `/v2/{feed}` there, from the transport (docs/gateway.md).", "http")
    { DefaultText = "unset (off)" };
    public static readonly TextSetting Keys = new("TORGHUT_GATEWAY_KEYS", null,
        "`key:secret[,key:secret…]`: the credentials local clients authenticate with — the gateway's own, never " +
        "Alpaca's. Never printed or logged (`run` names the key ids).")
    { Secret = true, DefaultText = "unset (required with the URL)" };
    public static readonly IntegerSetting ClientQueue = new("TORGHUT_GATEWAY_CLIENT_QUEUE", 10_000,
        "Messages waiting for one client; past it the client is slow: 407 and a close.", min: 10, max: 10_000_000);
    public static readonly MillisecondsSetting SendTimeout = new("TORGHUT_GATEWAY_SEND_TIMEOUT_MS", 10_000,
        "A send blocked this long (a client that does not read at all) cuts the connection.", min: 100, max: 600_000);
    public static readonly IntegerSetting HistoryDays = new("TORGHUT_GATEWAY_HISTORY_DAYS", 7,
        "Days of 1 m bars the gateway's history call serves from the bars topic.", max: 365);
}
