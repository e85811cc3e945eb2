using Torghut.Abstractions;
using Torghut.Host.Analysis;

namespace Torghut.Host.Storage;

/// <summary>
/// Rebuilds TA records from the SELECT lists both stores use (shared columns 0–10, then the value columns);
/// timestamps are integers in <c>unitNanos</c> (ClickHouse: epoch ms = 1,000,000; DuckDB: epoch ns = 1). A nullable group (MACD, EMA, Bollinger, VWAP, imbalance) is present when its leading column is non-null:
/// the writer only ever writes whole groups.
/// </summary>
public static class TaRowReader
{
    public static TaMicrobar Microbar(TabSeparatedRows r, long unitNanos) => new(
        r.String(0), At(r.Int64(1), unitNanos), r.Int64(2), At(r.Int64(3), unitNanos), r.Int64(4) != 0, r.String(5), Window(r, unitNanos),
        r.Float64(11), r.Float64(12), r.Float64(13), r.Float64(14), r.Float64(15), r.NullableFloat64(16), r.Int64(17),
        (int)r.Int64(10));

    public static TaSignal Signal(TabSeparatedRows r, long unitNanos)
    {
        const int v = 11;
        return new TaSignal(
            r.String(0), At(r.Int64(1), unitNanos), r.Int64(2), At(r.Int64(3), unitNanos), r.Int64(4) != 0, r.String(5), Window(r, unitNanos),
            r.String(6) == "PT1M" ? Cadence.OneMinute : Cadence.OneSecond,
            r[v] is null ? null : new MacdValues(r.Float64(v), r.Float64(v + 1), r.Float64(v + 2)),
            r[v + 3] is null ? null : new EmaValues(r.Float64(v + 3), r.Float64(v + 4)),
            r.NullableFloat64(v + 5),
            r[v + 6] is null ? null : new BollingerValues(r.Float64(v + 6), r.Float64(v + 7), r.Float64(v + 8)),
            r[v + 9] is null ? null : new VwapValues(r.Float64(v + 9), r.NullableFloat64(v + 10)),
            r[v + 11] is null ? null : new ImbalanceValues(r.Float64(v + 11), r.Float64(v + 12), r.Float64(v + 13), r.Float64(v + 14), r.Float64(v + 15)),
            r.NullableFloat64(v + 16),
            (int)r.Int64(10));
    }

    private static TaWindow Window(TabSeparatedRows r, long unitNanos) =>
        new(r.String(6), r[7], r.NullableInt64(8) is { } s ? At(s, unitNanos) : null, r.NullableInt64(9) is { } e ? At(e, unitNanos) : null);

    private static NanoTimestamp At(long value, long unitNanos) => new(value * unitNanos);
}
