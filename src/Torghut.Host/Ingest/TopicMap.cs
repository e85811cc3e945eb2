using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Ingest;

/// <summary>Channel → Kafka topic, as upstream's forwarder routes (TOPIC_* env names and defaults).</summary>
public sealed record TopicMap(string Trades, string Quotes, string Bars, string Status)
{
    public static TopicMap From(IConfiguration configuration) => new(
        Get(configuration, "TOPIC_TRADES", "torghut.trades.v1"),
        Get(configuration, "TOPIC_QUOTES", "torghut.quotes.v1"),
        Get(configuration, "TOPIC_BARS_1M", "torghut.bars.1m.v1"),
        Get(configuration, "TOPIC_STATUS", "torghut.status.v1"));

    public IReadOnlyList<string> All => [Trades, Quotes, Bars, Status];

    private static string Get(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;
}
