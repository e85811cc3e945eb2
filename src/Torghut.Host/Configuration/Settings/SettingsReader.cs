using System.Globalization;

namespace Torghut.Host.Configuration.Settings;

/// <summary>
/// The one strict parser of setting values. A blank value counts as unset (the caller's default applies); anything
/// else must parse and sit inside its bounds, or a <see cref="ConfigException"/> names the key, the value and what is
/// allowed. Secret values are never put in a message.
/// </summary>
public static class SettingsReader
{
    public static long Integer(string key, string raw, long min, long max, bool secret = false) =>
        long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min
            && v <= max
            ? v : throw Refused(key, raw, $"a whole number {Range(min, max)}", secret);

    public static TimeSpan Milliseconds(string key, string raw, long min, long max) =>
        long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min
            && v <= max
            ? TimeSpan.FromMilliseconds(v) : throw Refused(key, raw, $"whole milliseconds {Range(min, max)}", false);

    public static double Double(string key, string raw, double min, double max, bool exclusiveMin = false)
    {
        var ok = double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) &&
                 double.IsFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max;
        return ok ? v : throw Refused(key, raw, $"a number {Range(min, max, exclusiveMin)}", false);
    }

    public static bool Boolean(string key, string raw) =>
        bool.TryParse(raw.Trim(), out var v) ? v : throw Refused(key, raw, "true or false", false);

    public static string Choice(string key, string raw, IReadOnlyList<string> choices)
    {
        var v = raw.Trim();
        return choices.FirstOrDefault(c => string.Equals(c, v, StringComparison.OrdinalIgnoreCase))
               ?? throw Refused(key, raw, "one of " + string.Join(", ", choices), false);
    }

    public static Uri Url(string key, string raw, IReadOnlyList<string> schemes, bool secret = false) =>
        Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme,
            StringComparer.OrdinalIgnoreCase)
            ? uri : throw Refused(key, raw, "an absolute " + string.Join(" or ", schemes) + " URL", secret);

    public static ConfigException Refused(string key, string raw, string allowed, bool secret) =>
        new($"{key}: {(secret ? "the value (secret, not shown)" : $"'{raw}'")} is not allowed; expected {allowed}");

    public static string Range(double min, double max, bool exclusiveMin = false)
    {
        static string N(double d) => d.ToString(CultureInfo.InvariantCulture);
        var low = exclusiveMin ? $"> {N(min)}" : $">= {N(min)}";
        var unbounded = max >= int.MaxValue; // int.MaxValue and beyond read as "no upper bound" in messages and docs
        return unbounded ? low : exclusiveMin ? $"in ({N(min)}, {N(max)}]" : $"in [{N(min)}, {N(max)}]";
    }
}
