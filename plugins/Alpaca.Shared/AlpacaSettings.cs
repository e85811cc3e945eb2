using System.Globalization;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Reads and validates Alpaca lane settings. Every failure is an <see cref="ArgumentException"/> whose message names
/// the setting and what it accepts, because the operator fixes it from that message alone.
/// </summary>
public static class AlpacaSettings
{
    /// <summary>The stream base URL, trailing slashes removed, http(s) mapped to ws(s) (the simulator serves both on one port).</summary>
    public static Uri StreamBase(VenueContext context)
    {
        var text = context.Get(AlpacaSettingNames.StreamUrl, AlpacaSettingNames.DefaultStreamUrl);
        var uri = ParseAbsolute(AlpacaSettingNames.StreamUrl, text, "ws, wss, http or https");
        var scheme = uri.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => throw Invalid(AlpacaSettingNames.StreamUrl, text, "an absolute ws, wss, http or https URL"),
        };
        return new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
    }

    /// <summary>The REST base URL (http or https), trailing slashes removed.</summary>
    public static Uri RestBase(VenueContext context)
    {
        var text = context.Get(AlpacaSettingNames.BaseUrl, AlpacaSettingNames.DefaultBaseUrl);
        var uri = ParseAbsolute(AlpacaSettingNames.BaseUrl, text, "http or https");
        if (uri.Scheme is not ("http" or "https"))
            throw Invalid(AlpacaSettingNames.BaseUrl, text, "an absolute http or https URL");
        return uri;
    }

    /// <summary>Appends path segments to a base URL, keeping any path the base already has (e.g. a proxy prefix).</summary>
    public static Uri Append(Uri baseUri, string path)
    {
        var basePath = baseUri.AbsolutePath.TrimEnd('/');
        return new UriBuilder(baseUri) { Path = basePath + "/" + path.TrimStart('/'), Query = "" }.Uri;
    }

    /// <summary>A value from a closed set (compared case-insensitively, returned lower-case).</summary>
    public static string Choice(VenueContext context, string key, string fallback, IReadOnlyList<string> allowed)
    {
        var value = context.Get(key, fallback).ToLowerInvariant();
        foreach (var a in allowed)
            if (a == value) return a;
        throw Invalid(key, value, "one of " + string.Join(" | ", allowed));
    }

    /// <summary>
    /// The channels to subscribe: the comma list in <see cref="AlpacaSettingNames.Channels"/> validated against
    /// <paramref name="supported"/> (case-insensitive, returned in the venue's spelling, duplicates dropped), else
    /// <paramref name="defaults"/>.
    /// </summary>
    public static IReadOnlyList<string> Channels(VenueContext context, IReadOnlyList<string> supported, IReadOnlyList<string> defaults)
    {
        var text = context.Get(AlpacaSettingNames.Channels);
        if (text is null) return defaults;
        var result = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = supported.FirstOrDefault(s => string.Equals(s, part, StringComparison.OrdinalIgnoreCase))
                        ?? throw Invalid(AlpacaSettingNames.Channels, text, "a comma list of " + string.Join(", ", supported));
            if (!result.Contains(match)) result.Add(match);
        }
        if (result.Count == 0)
            throw Invalid(AlpacaSettingNames.Channels, text, "a comma list of " + string.Join(", ", supported));
        return result;
    }

    /// <summary>The most symbols per subscribe message (a positive integer).</summary>
    public static int BatchSize(VenueContext context)
    {
        var text = context.Get(AlpacaSettingNames.SubscribeBatchSize);
        if (text is null) return AlpacaSettingNames.DefaultSubscribeBatchSize;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
        throw Invalid(AlpacaSettingNames.SubscribeBatchSize, text, "a positive integer");
    }

    private static Uri ParseAbsolute(string key, string text, string schemes)
    {
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Invalid(key, text, $"an absolute {schemes} URL");
        return uri;
    }

    private static ArgumentException Invalid(string key, string value, string allowed) =>
        new($"{key} '{value}' is invalid; allowed: {allowed}", key);
}
