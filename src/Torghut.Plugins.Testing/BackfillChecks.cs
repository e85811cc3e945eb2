using System.Text;
using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>
/// Backfill paging without HTTP: the kit plays the host's pager (build request, serve a page, decode, follow the
/// token) and serves pages it derives from the author's recorded page.
/// </summary>
internal static class BackfillChecks
{
    private const string Check = ConformanceChecks.Backfill;
    private const int MaxPages = 10;

    public static void Run(IBackfillSource source, ISymbolCodec? codec, IReadOnlyList<string> symbols,
        ConformanceSamples samples, Findings f)
    {
        if (source.MaxPageSize < 1) f.Add(Check, $"MaxPageSize is {source.MaxPageSize}; it must be at least 1");
        var start = NanoTimestamp.Parse("2024-03-12T10:00:00Z");
        var request = new BarsRequest(symbols.Take(2).ToArray(), BarTimeframe.OneMinute, start,
            start.AddNanoseconds(3_600_000_000_000L), Math.Max(1, Math.Min(source.MaxPageSize, 1_000)));
        var credentials = new VenueCredentials("conformance-key", "conformance-secret");
        var first = f.Guard(Check, "BuildRequest", () => source.BuildRequest(request, credentials));
        if (first is null) return;
        RequestChecks.AbsoluteHttp(first, "backfill", f);
        RequestChecks.Refused(() => source.BuildRequest(request with { Symbols = [] }, credentials), "BuildRequest with no symbols", Check, f);
        RequestChecks.OnlyFormatException(bytes => source.DecodePage(bytes), "DecodePage", samples.BarsPageWithToken, Check, f);

        if (samples.BarsPageWithToken is not { } body)
        {
            f.Add(Check, "no recorded bars page: set ConformanceSamples.BarsPageWithToken so paging can be checked");
            return;
        }
        var page = f.Guard(Check, "DecodePage on the recorded page", () => source.DecodePage(Encoding.UTF8.GetBytes(body)));
        if (page is null) return;
        foreach (var e in page.Errors) f.Add(Check, $"recorded page: bar {e.Index} reported as an error: {e.Reason}");
        if (page.Bars.Count == 0) f.Add(Check, "recorded page decoded to no bars");
        foreach (var bar in page.Bars)
            foreach (var problem in RecordValidator.Problems(bar, codec))
                f.Add(Check, $"recorded page: bar {problem}");
        if (page.NextPageToken is not { Length: > 0 } token)
        {
            f.Add(Check, "recorded page decoded without a next-page token: record a page that has one");
            return;
        }
        var next = f.Guard(Check, "BuildRequest with a page token", () => source.BuildRequest(request with { PageToken = token }, credentials));
        if (next is not null) RequestChecks.TokenCarried(first, next, token, Check, f);

        // The host stops when a venue hands back a token it already followed; the plugin must report tokens faithfully.
        var repeated = Page(source, request, credentials, [body, body]);
        if (repeated.Outcome != "repeated-token" || repeated.Pages != 2)
            f.Add(Check, $"serving the same page twice should stop paging on the repeated token after 2 pages; got {repeated.Outcome} after {repeated.Pages}");

        var literal = JsonSerializer.Serialize(token);
        if (!body.Contains(literal, StringComparison.Ordinal))
        {
            f.Add(Check, $"the recorded page does not hold its token as the JSON string {literal}; cannot build a last page");
            return;
        }
        var last = body.Replace(literal, "null", StringComparison.Ordinal);
        var ended = Page(source, request, credentials, [body, last]);
        if (ended.Outcome != "ended" || ended.Pages != 2)
            f.Add(Check, $"a page whose token is null should end paging after 2 pages; got {ended.Outcome} after {ended.Pages}");
        else if (ended.Bars != page.Bars.Count * 2)
            f.Add(Check, $"nulling the token changed the bars of the page ({ended.Bars - page.Bars.Count} instead of {page.Bars.Count})");
    }

    private static (string Outcome, int Pages, int Bars) Page(IBackfillSource source, BarsRequest request,
        VenueCredentials credentials, IReadOnlyList<string> served)
    {
        string? token = null;
        var followed = new HashSet<string>(StringComparer.Ordinal);
        int bars = 0;
        for (int n = 0; n < MaxPages; n++)
        {
            source.BuildRequest(request with { PageToken = token }, credentials);
            var page = source.DecodePage(Encoding.UTF8.GetBytes(served[Math.Min(n, served.Count - 1)]));
            bars += page.Bars.Count;
            if (page.NextPageToken is null) return ("ended", n + 1, bars);
            if (!followed.Add(page.NextPageToken)) return ("repeated-token", n + 1, bars);
            token = page.NextPageToken;
        }
        return ("did-not-terminate", MaxPages, bars);
    }
}
