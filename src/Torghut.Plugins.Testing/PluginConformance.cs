using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>
/// Checks a venue plugin against the promises of the <c>Torghut.Abstractions</c> contract, without a network or a
/// host: the kit calls the plugin's builders and decoders directly with the author's recorded frames and pages,
/// and with inputs it derives from them (an unknown field added, one element corrupted, truncations, random bytes).
/// See <see cref="ConformanceChecks"/> for what each check covers.
/// </summary>
public static class PluginConformance
{
    /// <summary>Runs every check and returns what failed; an empty list means the plugin conforms.</summary>
    /// <param name="plugin">The author's plugin, constructed as the host would (public parameterless constructor).</param>
    /// <param name="samples">Settings, recorded frames, a bars page and symbols; missing inputs are findings where
    /// the plugin declares the service that needs them.</param>
    public static IReadOnlyList<ConformanceFinding> Check(IVenuePlugin plugin, ConformanceSamples samples)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(samples);
        var findings = new Findings();
        var context = VenueContext.From(samples.Settings);
        var manifest = findings.Guard(ConformanceChecks.Manifest, "Manifest", () => plugin.Manifest);
        if (manifest is null)
        {
            findings.Add(ConformanceChecks.Manifest, "Manifest is null");
            return findings.All;
        }
        var feed = findings.Guard(ConformanceChecks.Manifest, "CreateFeed", () => plugin.CreateFeed(context));
        var backfill = findings.Guard(ConformanceChecks.Manifest, "CreateBackfill", () => plugin.CreateBackfill(context));
        var codec = findings.Guard(ConformanceChecks.Manifest, "SymbolCodec", () => plugin.SymbolCodec);
        ManifestChecks.Run(plugin, manifest, feed, backfill, codec, findings);

        var symbols = SymbolSamples.Canonical(codec, samples.ValidSymbols);
        if (codec is not null) CodecChecks.Run(codec, samples, findings);
        if (feed is not null)
        {
            FeedChecks.Run(feed, codec, samples, findings);
            DecodeChecks.Run(feed, codec, samples, findings);
        }
        if (backfill is not null) BackfillChecks.Run(backfill, codec, symbols, samples, findings);
        if (backfill is IMarketHistorySource history) HistoryChecks.Run(history, symbols, findings);
        return findings.All;
    }

    /// <summary>Like <see cref="Check"/>, but throws <see cref="PluginConformanceException"/> listing every finding.</summary>
    public static void AssertConforms(IVenuePlugin plugin, ConformanceSamples samples)
    {
        var findings = Check(plugin, samples);
        if (findings.Count > 0) throw new PluginConformanceException(SafeName(plugin), findings);
    }

    private static string SafeName(IVenuePlugin plugin)
    {
        try { return plugin.Manifest?.Name ?? plugin.GetType().Name; }
        catch (Exception) { return plugin.GetType().Name; }
    }
}
