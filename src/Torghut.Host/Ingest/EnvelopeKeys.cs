namespace Torghut.Host.Ingest;

/// <summary>The channels a per-message envelope can have.</summary>
internal enum EnvelopeChannel
{
    Trades, Quotes, Bars, UpdatedBars, Status, Lulds, Imbalances, Corrections, CancelErrors, OrderBooks,
}

/// <summary>What one (channel, symbol) needs per envelope: its seq counter and its pre-encoded JSON strings.</summary>
internal sealed record EnvelopeKey(SequenceCounter Counter, byte[] ChannelJson, byte[] SymbolJson)
{
    /// <summary><c>,"feed":…,"channel":…,"symbol":…,"seq":</c> — the constant middle of the envelope header, one copy.</summary>
    public required byte[] Head { get; init; }

    /// <summary><c>,"payload":{"S":…</c> for payloads without a prefix.</summary>
    public required byte[] PayloadHead { get; init; }

    /// <summary>The symbol's per-pair ingest slot (trades and quotes only), cached here so recording a pair costs no
    /// second lookup; null until the symbol's first tracked event.</summary>
    public PairSlot? Pair { get; set; }
}

/// <summary>
/// (channel, symbol) → <see cref="EnvelopeKey"/>, one <see cref="SymbolMap{T}"/> per channel keyed by the symbol alone:
/// cheaper than hashing a (string, string) tuple per envelope. Bounded, so a runaway universe cannot grow it forever.
/// </summary>
internal sealed class EnvelopeKeys(SequenceClock sequence, string feed)
{
    internal const int MaxPerChannel = 100_000;
    private static readonly string[] Names =
    [
        "trades", "quotes", "bars", "updatedBars", "status", "lulds", "imbalances", "corrections", "cancelErrors",
        "orderbooks",
    ];
    private static readonly byte[][] NamesJson = Names.Select(JsonText.Quoted).ToArray();
    private readonly byte[] _feedJson = JsonText.Quoted(feed);
    private readonly SymbolMap<EnvelopeKey>[] _byChannel = Names.Select(_ => new SymbolMap<EnvelopeKey>()).ToArray();

    public EnvelopeKey Get(EnvelopeChannel channel, string symbol)
    {
        var map = _byChannel[(int)channel];
        if (map.Find(symbol) is { } found) return found;
        return Add(map, channel, symbol);
    }

    private EnvelopeKey Add(SymbolMap<EnvelopeKey> map, EnvelopeChannel channel, string symbol)
    {
        if (map.Count >= MaxPerChannel) map.Clear();
        var symbolJson = JsonText.Quoted(symbol);
        var key = new EnvelopeKey(sequence.Counter(Names[(int)channel], symbol), NamesJson[(int)channel], symbolJson)
        {
            Head = [.. ",\"feed\":"u8, .. _feedJson, .. ",\"channel\":"u8, .. NamesJson[(int)channel], .. ",\"symbol\":"u8, .. symbolJson, .. ",\"seq\":"u8],
            PayloadHead = [.. ",\"payload\":{\"S\":"u8, .. symbolJson],
        };
        map.Add(symbol, key);
        return key;
    }
}
