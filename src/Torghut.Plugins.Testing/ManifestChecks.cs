using System.Text.RegularExpressions;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>The manifest is what the host reads first; it must describe the plugin truthfully.</summary>
internal static partial class ManifestChecks
{
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    public static void Run(IVenuePlugin plugin, PluginManifest m, IFeedEndpoint? feed, IBackfillSource? backfill,
        ISymbolCodec? codec, Findings f)
    {
        const string check = ConformanceChecks.Manifest;
        // The host finds a plugin's main assembly by its folder name, so the name must be a usable folder name.
        if (string.IsNullOrWhiteSpace(m.Name) || m.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || m.Name.Trim() != m.Name)
            f.Add(check, $"name '{m.Name}' is empty or not usable as a folder name");
        if (m.Version is null || !SemVer().IsMatch(m.Version))
            f.Add(check, $"version '{m.Version}' is not a semantic version (major.minor.patch)");
        if (!ContractVersion.IsCompatible(m.ContractVersion, out var reason))
            f.Add(check, $"contract version refused: {reason}");
        if (string.IsNullOrWhiteSpace(m.Venue))
            f.Add(check, "venue is empty");
        if (!Enum.IsDefined(m.Market))
            f.Add(check, $"market {(int)m.Market} is not a defined Market");

        Declared(f, m, PluginServices.Feed, feed is not null, "CreateFeed");
        Declared(f, m, PluginServices.Backfill, backfill is not null, "CreateBackfill");
        // The host looks for history only where the manifest announces it, so the two must agree.
        Declared(f, m, PluginServices.History, backfill is IMarketHistorySource, "CreateBackfill (as IMarketHistorySource)");
        Declared(f, m, PluginServices.SymbolCodec, codec is not null, "SymbolCodec");
        var simulator = f.Guard(check, "CreateSimulator", plugin.CreateSimulator);
        Declared(f, m, PluginServices.Simulator, simulator is not null, "CreateSimulator");
        if (codec is not null && codec.Market != m.Market)
            f.Add(check, $"codec market {codec.Market} differs from manifest market {m.Market}");
    }

    private static void Declared(Findings f, PluginManifest m, PluginServices service, bool provided, string member)
    {
        var declared = m.Services.HasFlag(service);
        if (declared && !provided) f.Add(ConformanceChecks.Manifest, $"declares {service} but {member} returned null");
        if (!declared && provided) f.Add(ConformanceChecks.Manifest, $"{member} returned a service the manifest does not declare ({service})");
    }
}
