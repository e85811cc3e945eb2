using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>
/// Top layer: explicit per-flag env vars. Accepts the flag key upper-cased (TORGHUT_WS_CRYPTO_ENABLED) and the
/// upstream trading-service names (TRADING_CRYPTO_ENABLED, …); the former wins when both are set.
/// </summary>
public sealed class EnvFlagOverridesSource(IReadOnlyDictionary<string, string?> environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);

    private sealed class Provider(IReadOnlyDictionary<string, string?> environment) : ConfigurationProvider, IFlagSource
    {
        private readonly Dictionary<string, string> _origins = new(StringComparer.OrdinalIgnoreCase);

        public override void Load()
        {
            foreach (var (envName, flag) in FlagKeys.UpstreamEnvNames) Apply(envName, flag);
            foreach (var flag in FlagKeys.All) Apply(FlagKeys.EnvName(flag), flag);
        }

        private void Apply(string envName, string flag)
        {
            if (!environment.TryGetValue(envName, out var raw) || string.IsNullOrWhiteSpace(raw)) return;
            Data[FlagKeys.ConfigPath(flag)] = FlagBool.Text(FlagBool.Parse(raw, $"env {envName}"));
            _origins[flag] = $"env {envName}";
        }

        public string Describe(string flagKey) => _origins.GetValueOrDefault(flagKey, "env");
    }
}
