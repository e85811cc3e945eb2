using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Transport;

/// <summary>
/// Channel → Kafka topic, as upstream's forwarder routes (TOPIC_* env names and defaults), plus the trade-revision
/// topic upstream never had (ADR 0014): equity corrections and cancel/errors, which no existing consumer expects; and
/// crypto order books (ADR 0040), which upstream never subscribed.
/// </summary>
public sealed record TopicMap(string Trades, string Quotes, string Bars, string Status)
{
    public const string DefaultCorrections = "torghut.trade-corrections.v1";

    /// <summary>Trade corrections (<c>corrections</c>) and cancel/errors (<c>cancelErrors</c>): TOPIC_CORRECTIONS.</summary>
    public string Corrections { get; init; } = DefaultCorrections;

    public const string DefaultOrderBooks = "torghut.orderbooks.v1";

    /// <summary>Crypto order-book snapshots and deltas (<c>orderbooks</c>), as received: TOPIC_ORDERBOOKS.</summary>
    public string OrderBooks { get; init; } = DefaultOrderBooks;

    public static TopicMap From(IConfiguration configuration) => new(
        IngestCatalogue.TradesTopic.Read(configuration)!,
        IngestCatalogue.QuotesTopic.Read(configuration)!,
        IngestCatalogue.BarsTopic.Read(configuration)!,
        IngestCatalogue.StatusTopic.Read(configuration)!)
    {
        Corrections = IngestCatalogue.CorrectionsTopic.Read(configuration)!,
        OrderBooks = IngestCatalogue.OrderBooksTopic.Read(configuration)!,
    };

    /// <summary>
    /// The upstream topics the Kafka probe and the phase gate require. The corrections and order-book topics are left
    /// out: only some lanes write them (equity; crypto with <c>orderbooks</c> on), and a missing one must not make the
    /// others unready (its failures still count).
    /// </summary>
    public IReadOnlyList<string> All => [Trades, Quotes, Bars, Status];
}
