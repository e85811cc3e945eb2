namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Which lanes run and which plugin serves them. Per-lane keys (TORGHUT_LANE_&lt;NAME&gt;_*) are read by
/// the planner.</summary>
public static class LanesCatalogue
{
    public static readonly TextSetting Lanes = new(ConfigKeys.Lanes, null,
        "Extra lanes for any loaded plugin, comma-separated names; each is configured by `TORGHUT_LANE_<NAME>_*`.")
    { DefaultText = "none (only the crypto and equity lanes)" };
    public static readonly MillisecondsSetting Reconcile = new("TORGHUT_LANE_RECONCILE_MS", 1_000,
        "Backstop interval at which lanes are reconciled with flags.", min: 1, max: int.MaxValue);
    public static readonly TextSetting CryptoPlugin = new(ConfigKeys.CryptoPlugin, "Alpaca.Crypto",
        "Which plugin serves the crypto lane.");
    public static readonly TextSetting EquityPlugin = new(ConfigKeys.EquityPlugin, "Alpaca.Equity",
        "Which plugin serves the equity lane.");
}
