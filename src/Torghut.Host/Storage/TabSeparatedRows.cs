using System.Globalization;
using System.Text;

namespace Torghut.Host.Storage;

/// <summary>
/// One result row as text cells. Parses ClickHouse TabSeparated output (one row per line, <c>\N</c> for NULL,
/// backslash escapes); DuckDB rows are rendered into the same cells so both stores share <see cref="TaRowReader"/>.
/// </summary>
public sealed class TabSeparatedRows
{
    private readonly string?[] _fields;

    private TabSeparatedRows(string?[] fields) => _fields = fields;

    public static IEnumerable<TabSeparatedRows> Parse(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            yield return new TabSeparatedRows(line.Split('\t').Select(Unescape).ToArray());
        }
    }

    public static TabSeparatedRows FromCells(string?[] cells) => new(cells);

    public int Count => _fields.Length;
    public string? this[int index] => _fields[index];

    public string String(int i) => _fields[i] ?? throw new FormatException($"column {i} is NULL");
    public long Int64(int i) => long.Parse(String(i), NumberStyles.Integer, CultureInfo.InvariantCulture);
    public long? NullableInt64(int i) => _fields[i] is null ? null : Int64(i);
    public double Float64(int i) => ParseDouble(String(i));
    public double? NullableFloat64(int i) => _fields[i] is { } s ? ParseDouble(s) : null;

    // ClickHouse prints non-finite values as inf/-inf/nan; the TA records never hold them, but a parse must not crash.
    private static double ParseDouble(string s) => s switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string? Unescape(string field)
    {
        if (field == @"\N") return null;
        if (!field.Contains('\\')) return field;
        var sb = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            var ch = field[i];
            if (ch != '\\' || i + 1 == field.Length) { sb.Append(ch); continue; }
            var next = field[++i];
            sb.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '0' => '\0', 'b' => '\b', 'f' => '\f', _ => next });
        }
        return sb.ToString();
    }
}
