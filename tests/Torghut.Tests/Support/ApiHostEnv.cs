namespace Torghut.Tests.Support;

/// <summary>The env of a host started to test its HTTP API: its own data directory, no crypto lane (no venue traffic).</summary>
internal static class ApiHostEnv
{
    public static Dictionary<string, string> Create(string dataDir, string? adminToken, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string> { ["TORGHUT_DATA_DIR"] = dataDir, ["TORGHUT_WS_CRYPTO_ENABLED"] = "false" };
        if (adminToken is not null) env["TORGHUT_ADMIN_TOKEN"] = adminToken;
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }
}
