using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// Buckets a plugin's free-text decode error into a small fixed set, so the metric's <c>reason</c> label cannot grow
/// without bound (the text itself goes to the log).
/// </summary>
public static class DecodeErrorReason
{
    public static string Classify(DecodeError error)
    {
        var r = error.Reason;
        if (error.Index < 0 || Has(r, "json") || Has(r, "truncat") || Has(r, "unexpected end")) return "malformed_frame";
        if (Has(r, "envelope")) return "unencodable";
        if (Has(r, "missing")) return "missing_field";
        if (Has(r, "timestamp") || Has(r, "'t'")) return "bad_timestamp";
        if (Has(r, "finite") || Has(r, "nan") || Has(r, "infinity")) return "non_finite";
        if (Has(r, "type") || Has(r, "expected")) return "wrong_type";
        return "other";
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
