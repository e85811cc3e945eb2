namespace Alpaca.Simulator.Market;

/// <summary>
/// Everything that happened in one symbol-minute: its trades and quotes (by event time), the optional late trade
/// (stamped in this minute but published after it closes) and the two bar versions that follow from them.
/// </summary>
internal sealed class MinuteData
{
    public required string Symbol { get; init; }
    public required long Minute { get; init; }
    public required SimEvent[] Trades { get; init; }
    public required SimEvent[] Quotes { get; init; }
    /// <summary>Index into <see cref="Trades"/> of the late trade, or -1.</summary>
    public int LateTradeIndex { get; init; } = -1;
    public long LatePublishNanos { get; init; }
    /// <summary>The bar published right after the minute (without the late trade); null = no bar (empty equity minute).</summary>
    public SimBar? Preliminary { get; init; }
    /// <summary>The bar after the late trade (published as an updatedBar), or the preliminary one.</summary>
    public SimBar? Final { get; init; }
    public long UpdatedPublishNanos { get; init; }

    public bool HasUpdate => LateTradeIndex >= 0;
}

/// <summary>The bars of a minute only (what REST and daily bars need), kept in a long-lived cache.</summary>
internal sealed record MinuteBars(SimBar? Preliminary, SimBar? Final, bool HasUpdate, long UpdatedPublishNanos);
