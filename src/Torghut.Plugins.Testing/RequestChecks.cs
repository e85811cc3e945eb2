using System.Web;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Promises every REST page source keeps (bars and history alike): what the host sends, and what it survives.</summary>
internal static class RequestChecks
{
    /// <summary>The host sends the URI as it is, so it must be an absolute http(s) URI with a host.</summary>
    public static void AbsoluteHttp(HttpRequestSpec spec, string what, Findings f)
    {
        if (spec.Uri is not { IsAbsoluteUri: true } uri || (uri.Scheme != "http" && uri.Scheme != "https") || string.IsNullOrEmpty(uri.Host))
            f.Add(ConformanceChecks.Urls, $"{what} request URI '{spec.Uri}' is not an absolute http:// or https:// URI with a host");
    }

    /// <summary>The next page's request carries the token and changes nothing else.</summary>
    public static void TokenCarried(HttpRequestSpec first, HttpRequestSpec next, string token, string check, Findings f)
    {
        if (!first.Uri.IsAbsoluteUri || !next.Uri.IsAbsoluteUri) return; // a "urls" finding already; paths cannot be compared
        var text = next.Uri.ToString() + "\n" + string.Join("\n", next.Headers.Values);
        if (!text.Contains(token, StringComparison.Ordinal) && !text.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal)
            && !next.Uri.Query.Contains(HttpUtility.UrlEncode(token), StringComparison.Ordinal))
            f.Add(check, "the request for the next page does not carry the page token");
        if (first.Uri.GetLeftPart(UriPartial.Path) != next.Uri.GetLeftPart(UriPartial.Path))
            f.Add(check, "the next page's request goes to another path");
        var before = HttpUtility.ParseQueryString(first.Uri.Query);
        var after = HttpUtility.ParseQueryString(next.Uri.Query);
        foreach (var key in before.AllKeys.OfType<string>().Where(k => before[k] != after[k]))
            f.Add(check, $"query parameter '{key}' changed between pages ('{before[key]}' → '{after[key]}'); only the token may change");
    }

    /// <summary>A request the venue cannot answer is refused up front with <see cref="ArgumentException"/>.</summary>
    public static void Refused(Action build, string what, string check, Findings f)
    {
        try
        {
            build();
            f.Add(check, $"{what} did not throw ArgumentException");
        }
        catch (ArgumentException) { }
        catch (Exception e) { f.Add(check, $"{what} threw {e.GetType().Name}, not ArgumentException"); }
    }

    /// <summary>
    /// The host counts and retries a <see cref="FormatException"/>; anything else escaping a decoder would kill its
    /// pager. Garbage, and every truncation of the recorded page when there is one.
    /// </summary>
    public static void OnlyFormatException(Action<byte[]> decode, string what, string? recordedPage, string check, Findings f)
    {
        var inputs = GarbageInputs.Frames(7).Take(60).ToList();
        if (recordedPage is not null)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(recordedPage.Trim());
            inputs.AddRange(GarbageInputs.CutPoints(bytes.Length).Select(n => ($"recorded page truncated to {n} bytes", bytes[..n])));
        }
        foreach (var (name, bytes) in inputs)
        {
            try { decode(bytes); }
            catch (FormatException) { }
            catch (Exception e) { f.Add(check, $"{what} on {name} threw {e.GetType().Name}; only FormatException is allowed"); }
        }
    }
}
