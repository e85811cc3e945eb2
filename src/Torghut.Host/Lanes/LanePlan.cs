using System.Text.Json.Serialization;
using Torghut.Abstractions;

namespace Torghut.Host.Lanes;

/// <summary>A symbol the lane's codec refused, and why.</summary>
public sealed record RejectedSymbol(string Input, string Reason);

/// <summary>What a lane would run with under the current flags and configuration.</summary>
public sealed record LanePlan
{
    public required string Name { get; init; }
    public required Market Market { get; init; }
    public required string Flag { get; init; }
    public required bool Enabled { get; init; }
    public required string Plugin { get; init; }
    public string? PluginVersion { get; init; }
    /// <summary>Which load of the plugin this plan was made with; a different one means the plugin was replaced.</summary>
    public long PluginLoadId { get; init; }
    /// <summary>Runs on the plugin's bundled simulator (TORGHUT_LANE_&lt;NAME&gt;_SIMULATOR).</summary>
    public bool Simulator { get; init; }
    /// <summary>The plugin's venue family (envelope <c>feed</c>, e.g. <c>alpaca</c>).</summary>
    public string? Venue { get; init; }
    public string? StreamUrl { get; init; }
    public string? BackfillUrl { get; init; }
    public IReadOnlyList<string> Channels { get; init; } = [];
    public IReadOnlyList<string> Symbols { get; init; } = [];
    public IReadOnlyList<RejectedSymbol> RejectedSymbols { get; init; } = [];
    public bool CredentialsSet { get; init; }

    /// <summary>Why this lane cannot run (plugin missing, bad setting); null when it can.</summary>
    public string? Problem { get; init; }

    [JsonIgnore] public IFeedEndpoint? Feed { get; init; }
    [JsonIgnore] public IBackfillSource? Backfill { get; init; }
    [JsonIgnore] public ISymbolCodec? Codec { get; init; }
    /// <summary>The lane's credentials: its own (configured lanes), else the venue's from the settings its plugin names;
    /// null: none set (only a simulator accepts the lane then).</summary>
    [JsonIgnore] public VenueCredentials? Credentials { get; init; }
    /// <summary>Where the venue's key pair is read from when the lane has none of its own (the plugin names it).</summary>
    [JsonIgnore] public string? CredentialSettings { get; init; }
    [JsonIgnore] public Plugins.LoadedPlugin? Source { get; init; }
    [JsonIgnore] public LaneDefinition? Definition { get; init; }
}
