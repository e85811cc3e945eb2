using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>
/// The optional trades-and-quotes history (contract 1.1), found as the host finds it: on the object
/// <c>CreateBackfill</c> returns. Checked for each kind the source says it supports.
/// </summary>
internal static class HistoryChecks
{
    private const string Check = ConformanceChecks.History;

    // Base64 with the characters a query must escape, as venues' opaque tokens have.
    private const string Token = "Y29uZm9ybWFuY2U+Lz0=";

    public static void Run(IMarketHistorySource source, IReadOnlyList<string> symbols, Findings f)
    {
        var pageSize = f.Guard(Check, "MaxHistoryPageSize", () => source.MaxHistoryPageSize);
        if (pageSize < 1) f.Add(Check, $"MaxHistoryPageSize is {pageSize}; it must be at least 1");
        var start = NanoTimestamp.Parse("2024-03-12T10:00:00Z");
        var credentials = new VenueCredentials("conformance-key", "conformance-secret");
        foreach (var kind in Enum.GetValues<HistoryKind>())
        {
            if (!f.Guard(Check, $"SupportsHistory({kind})", () => source.SupportsHistory(kind))) continue;
            var request = new HistoryRequest(symbols.Take(2).ToArray(), kind, start,
                start.AddNanoseconds(3_600_000_000_000L), Math.Clamp(pageSize, 1, 1_000));
            var what = $"BuildHistoryRequest({kind})";
            var first = f.Guard(Check, what, () => source.BuildHistoryRequest(request, credentials));
            if (first is null) continue;
            RequestChecks.AbsoluteHttp(first, $"{kind} history", f);
            var next = f.Guard(Check, $"{what} with a page token", () => source.BuildHistoryRequest(request with { PageToken = Token }, credentials));
            if (next is not null) RequestChecks.TokenCarried(first, next, Token, Check, f);
            RequestChecks.Refused(() => source.BuildHistoryRequest(request with { Symbols = [] }, credentials), $"{what} with no symbols", Check, f);
            RequestChecks.OnlyFormatException(bytes => source.DecodeHistoryPage(kind, bytes), $"DecodeHistoryPage({kind})", null, Check, f);
        }
    }
}
