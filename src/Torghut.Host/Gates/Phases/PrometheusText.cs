using System.Globalization;

namespace Torghut.Host.Gates.Phases;

/// <summary>One scrape of /metrics in the Prometheus text format: samples by name with their labels.</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> _samples = [];

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            if (space < 0) continue;
            string name;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var close = line.LastIndexOf('}');
                foreach (var pair in SplitLabels(line[(brace + 1)..close]))
                {
                    var eq = pair.IndexOf('=');
                    if (eq > 0) labels[pair[..eq].Trim()] = pair[(eq + 1)..].Trim().Trim('"').Replace("\\\"", "\"").Replace("\\\\", "\\");
                }
            }
            else name = line[..space].Trim();
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                result._samples.Add((name, labels, value));
        }
        return result;
    }

    /// <summary>Sum of a metric's samples whose labels match every given pair.</summary>
    public double Sum(string name, params (string Key, string Value)[] match) =>
        Select(name, match).Sum(s => s.Value);

    public IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> Select(string name, params (string Key, string Value)[] match) =>
        _samples.Where(s => s.Name == name && match.All(m => s.Labels.TryGetValue(m.Key, out var v) && v == m.Value)).Select(s => (s.Labels, s.Value));

    /// <summary>Cumulative bucket counts (le → count) of a histogram, summed over series matching the filter.</summary>
    public SortedDictionary<double, double> Buckets(string histogram, Func<IReadOnlyDictionary<string, string>, bool> filter)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (labels, value) in Select(histogram + "_bucket").Where(s => filter(s.Labels)))
        {
            var le = labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(labels["le"], CultureInfo.InvariantCulture);
            buckets[le] = buckets.GetValueOrDefault(le) + value;
        }
        return buckets;
    }

    /// <summary>histogram_quantile over cumulative bucket deltas: linear inside the bucket holding the rank.</summary>
    public static double? Quantile(double q, SortedDictionary<double, double> cumulative)
    {
        var total = cumulative.Count == 0 ? 0 : cumulative.Last().Value;
        if (total <= 0) return null;
        var rank = q * total;
        double lowerEdge = 0, lowerCount = 0;
        foreach (var (le, count) in cumulative)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(le)) return lowerEdge; // as Prometheus: the highest finite edge
                return lowerEdge + (le - lowerEdge) * ((rank - lowerCount) / Math.Max(count - lowerCount, 1e-9));
            }
            (lowerEdge, lowerCount) = (le, count);
        }
        return lowerEdge;
    }

    private static IEnumerable<string> SplitLabels(string s)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) quoted = !quoted;
            else if (s[i] == ',' && !quoted)
            {
                yield return s[start..i];
                start = i + 1;
            }
        }
        if (start < s.Length) yield return s[start..];
    }
}
