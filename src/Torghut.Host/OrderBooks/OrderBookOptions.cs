using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.OrderBooks;

/// <summary>The order-book board's settings, read once by the composition root (ADR 0070).</summary>
public sealed record OrderBookOptions(TimeSpan StaleAfter)
{
    /// <summary>Called by the composition root only.</summary>
    public static OrderBookOptions From(IConfiguration configuration) =>
        new(IngestCatalogue.OrderBookStale.Read(configuration));
}
