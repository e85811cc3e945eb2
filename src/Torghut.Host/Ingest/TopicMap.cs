using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Ingest;

/// <summary>
/// Channel → Kafka topic, as upstream's forwarder routes (TOPIC_* env names and defaults), plus the trade-revision
/// topic upstream never had (ADR 0014): equity corrections and cancel/errors, which no existing consumer expects.
/// </summary>
public sealed record TopicMap(string Trades, string Quotes, string Bars, string Status)
{
    public const string DefaultCorrections = "torghut.trade-corrections.v1";

    /// <summary>Trade corrections (<c>corrections</c>) and cancel/errors (<c>cancelErrors</c>): TOPIC_CORRECTIONS.</summary>
    public string Corrections { get; init; } = DefaultCorrections;

    public static TopicMap From(IConfiguration configuration) => new(
        IngestCatalogue.TradesTopic.Read(configuration)!,
        IngestCatalogue.QuotesTopic.Read(configuration)!,
        IngestCatalogue.BarsTopic.Read(configuration)!,
        IngestCatalogue.StatusTopic.Read(configuration)!)
    {
        Corrections = IngestCatalogue.CorrectionsTopic.Read(configuration)!,
    };

    /// <summary>
    /// The upstream topics the Kafka probe and the phase gate require. The corrections topic is left out: only equity
    /// lanes write it, rarely, and a missing one must not make a crypto deployment unready (its failures still count).
    /// </summary>
    public IReadOnlyList<string> All => [Trades, Quotes, Bars, Status];
}
