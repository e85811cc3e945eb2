namespace Torghut.AlpacaStream;

/// <summary>
/// A connection's subscriptions, immutable: a change builds a new set, so the send loop reads a consistent
/// snapshot without locks while the receive loop applies (un)subscribe requests.
/// </summary>
internal sealed class SubscriptionSet
{
    private readonly Dictionary<string, SortedSet<string>> _byChannel;

    public static readonly SubscriptionSet Empty = new(new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal));

    private SubscriptionSet(Dictionary<string, SortedSet<string>> byChannel)
    {
        _byChannel = byChannel;
        var masks = new Dictionary<string, ChannelMask>(StringComparer.Ordinal);
        foreach (var (channel, symbols) in byChannel)
        {
            var bit = StreamChannels.MaskOf(channel);
            foreach (var s in symbols)
            {
                if (s == "*") WildcardMask |= bit;
                else masks[s] = masks.GetValueOrDefault(s) | bit;
            }
        }
        SymbolMasks = masks;
        ExplicitSymbols = masks.Keys.OrderBy(s => s, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Data channels per explicitly named symbol.</summary>
    public IReadOnlyDictionary<string, ChannelMask> SymbolMasks { get; }

    public string[] ExplicitSymbols { get; }

    /// <summary>Data channels subscribed with "*".</summary>
    public ChannelMask WildcardMask { get; }

    public ChannelMask MaskFor(string symbol) => WildcardMask | SymbolMasks.GetValueOrDefault(symbol);

    /// <summary>Distinct symbols across all channels ("*" counts as one), what the symbol limit applies to.</summary>
    public int DistinctSymbolCount =>
        _byChannel.Values.SelectMany(s => s).Distinct(StringComparer.Ordinal).Count();

    public IReadOnlyList<string> Symbols(string channel) =>
        _byChannel.TryGetValue(channel, out var s) ? s.ToList() : [];

    public SubscriptionSet Apply(bool subscribe, IReadOnlyDictionary<string, IReadOnlyList<string>> request)
    {
        var copy = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in _byChannel) copy[k] = new SortedSet<string>(v, StringComparer.Ordinal);
        foreach (var (channel, symbols) in request)
        {
            if (!copy.TryGetValue(channel, out var set)) copy[channel] = set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in symbols)
            {
                if (subscribe) set.Add(s);
                else set.Remove(s);
            }
        }
        return new SubscriptionSet(copy);
    }

    /// <summary>The full echo: every channel key the stream supports, implicit ones mirroring trades.</summary>
    public IReadOnlyList<(string Key, IReadOnlyList<string> Symbols)> Echo(StreamChannels stream) =>
        stream.EchoKeys.Select(k => (k, Symbols(stream.IsImplicit(k) ? "trades" : k))).ToList();
}
