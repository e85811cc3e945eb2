using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Where the feed connects, what it subscribes, and how it chunks subscriptions.</summary>
internal static class FeedChecks
{
    // Enough for several chunks at a typical batch size, small enough to stay fast when there is no real limit.
    private const int MaxGeneratedSymbols = 2_500;

    public static void Run(IFeedEndpoint feed, ISymbolCodec? codec, ConformanceSamples samples, Findings f)
    {
        var uri = feed.StreamUri;
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != "ws" && uri.Scheme != "wss") || string.IsNullOrEmpty(uri.Host))
            f.Add(ConformanceChecks.Urls, $"stream URI '{uri}' is not an absolute ws:// or wss:// URI with a host");

        if (feed.MaxSymbolsPerMessage < 1)
            f.Add(ConformanceChecks.Channels, $"MaxSymbolsPerMessage is {feed.MaxSymbolsPerMessage}; it must be at least 1");
        if (feed.SupportedChannels is not { Count: > 0 } supported)
        {
            f.Add(ConformanceChecks.Channels, "SupportedChannels is empty");
            return;
        }
        if (feed.Channels is not { Count: > 0 } channels)
        {
            f.Add(ConformanceChecks.Channels, "Channels is empty: a lane would subscribe nothing");
            return;
        }
        foreach (var c in channels.Where(c => !supported.Contains(c)))
            f.Add(ConformanceChecks.Channels, $"channel '{c}' is not in SupportedChannels");
        if (feed.MaxSymbolsPerMessage < 1) return;

        var template = SymbolSamples.Canonical(codec, samples.ValidSymbols)[0];
        var count = (int)Math.Min((long)feed.MaxSymbolsPerMessage * 2 + 3, MaxGeneratedSymbols);
        var symbols = SymbolSamples.Generate(codec, template, count);
        if (symbols.Count < 2)
        {
            f.Add(ConformanceChecks.Subscribe, $"could not make symbols shaped like '{template}' that the codec accepts");
            return;
        }
        var reader = samples.SubscribeReader ?? ReadChannelArrays;
        Chunking("subscribe", f.Guard(ConformanceChecks.Subscribe, "BuildSubscribeMessages",
            () => feed.BuildSubscribeMessages(channels, symbols)), channels, symbols, feed.MaxSymbolsPerMessage, reader, f);
        Chunking("unsubscribe", f.Guard(ConformanceChecks.Subscribe, "BuildUnsubscribeMessages",
            () => feed.BuildUnsubscribeMessages(channels, symbols)), channels, symbols, feed.MaxSymbolsPerMessage, reader, f);

        const string unsupported = "zz-no-such-channel";
        try
        {
            feed.BuildSubscribeMessages([unsupported], symbols.Take(1).ToArray());
            f.Add(ConformanceChecks.Subscribe, $"subscribing unsupported channel '{unsupported}' did not throw ArgumentException");
        }
        catch (ArgumentException) { }
        catch (Exception e)
        {
            f.Add(ConformanceChecks.Subscribe, $"an unsupported channel threw {e.GetType().Name}, not ArgumentException");
        }
    }

    private static void Chunking(string action, IReadOnlyList<string>? messages, IReadOnlyList<string> channels,
        IReadOnlyList<string> symbols, int max, Func<string, IEnumerable<(string Channel, string Symbol)>> reader, Findings f)
    {
        const string check = ConformanceChecks.Subscribe;
        if (messages is null) return;
        if (messages.Count == 0) { f.Add(check, $"{action} of {symbols.Count} symbols produced no message"); return; }
        var seen = new Dictionary<(string, string), int>();
        for (int i = 0; i < messages.Count; i++)
        {
            var pairs = f.Guard(check, $"reading {action} message {i}", () => reader(messages[i]).ToArray());
            if (pairs is null) return;
            var distinct = pairs.Select(p => p.Symbol).Distinct().Count();
            if (distinct > max)
                f.Add(check, $"{action} message {i} carries {distinct} symbols; MaxSymbolsPerMessage is {max}");
            foreach (var pair in pairs) seen[pair] = seen.GetValueOrDefault(pair) + 1;
        }
        var wanted = channels.SelectMany(c => symbols.Select(s => (c, s))).ToHashSet();
        foreach (var ((c, s), n) in seen.Where(kv => kv.Value != 1 || !wanted.Contains(kv.Key)).Take(5))
            f.Add(check, wanted.Contains((c, s))
                ? $"{action}: '{s}' appears {n} times on channel '{c}'"
                : $"{action}: '{s}' on channel '{c}' was not asked for");
        foreach (var (c, s) in wanted.Where(w => !seen.ContainsKey(w)).Take(5))
            f.Add(check, $"{action}: '{s}' is missing on channel '{c}'");
    }

    /// <summary>The default reader: properties of the top-level JSON object that hold an array of strings.</summary>
    private static IEnumerable<(string Channel, string Symbol)> ReadChannelArrays(string message)
    {
        using var doc = JsonDocument.Parse(message);
        var pairs = new List<(string, string)>();
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("message is not a JSON object (supply ConformanceSamples.SubscribeReader)");
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Array)
                foreach (var s in p.Value.EnumerateArray())
                    if (s.ValueKind == JsonValueKind.String) pairs.Add((p.Name, s.GetString()!));
        return pairs;
    }
}
