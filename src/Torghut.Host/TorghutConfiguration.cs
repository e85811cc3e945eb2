using Microsoft.Extensions.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Configuration;

namespace Torghut.Host;

/// <summary>
/// Builds the one configuration every command and module reads. Layers, later wins:
/// built-in flag defaults → ALPACA_MARKET_TYPE (as a lane default) → appsettings.json → flags file (Flipt YAML,
/// watched) → environment (plain keys, and explicit flag overrides such as TORGHUT_WS_CRYPTO_ENABLED) → runtime
/// overrides from the dashboard (in memory, so a click beats env until restart; see <see cref="RuntimeFlagsSource"/>).
/// ALPACA_MARKET_TYPE sits below the flags file on purpose: it is an upstream configmap value, and if it outranked
/// the flags file, flipping a lane flag at runtime would silently do nothing.
/// </summary>
public static class TorghutConfiguration
{
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?>? environment = null, string? baseDirectory = null)
    {
        var env = environment ?? ReadProcessEnvironment();
        var dir = baseDirectory ?? AppContext.BaseDirectory;
        var builder = new ConfigurationBuilder();
        builder.Add(new FlagDefaultsSource());
        builder.Add(new MarketTypeFlagsSource(env));
        builder.AddJsonFile(Path.Combine(dir, "appsettings.json"), optional: true, reloadOnChange: false);
        var flagsFile = Get(env, ConfigKeys.FlagsFile);
        if (flagsFile is not null)
        {
            // Read from the environment itself: the flags file is a layer of the configuration being built.
            var envOnly = new ConfigurationBuilder().AddInMemoryCollection(env).Build();
            var poll = Configuration.Settings.Catalogue.CoreCatalogue.FlagsPoll.Read(envOnly);
            builder.Add(new FliptFlagsSource(Path.GetFullPath(flagsFile), poll));
        }
        builder.AddInMemoryCollection(env);
        builder.Add(new EnvFlagOverridesSource(env));
        builder.Add(new RuntimeFlagsSource());
        return builder.Build();
    }

    private static string? Get(IReadOnlyDictionary<string, string?> env, string key) =>
        env.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            // Double underscore is the usual .NET hierarchy separator (FeatureManagement__x → FeatureManagement:x).
            result[key.Replace("__", ":")] = e.Value as string;
        }
        return result;
    }
}
