namespace Torghut.Host.Analysis.Signals;

/// <summary>
/// Σ(c·v)/Σv over the bars whose time is ≥ newest time − window (inclusive, upstream's rule), in bar time — seconds,
/// not a bar count. Running sums with a periodic exact recompute (every capacity pushes) to bound drift.
/// </summary>
internal sealed class TimeWindowVwap(int capacity, long windowNanos)
{
    private readonly long[] _time = new long[capacity];
    private readonly double[] _pv = new double[capacity], _v = new double[capacity];
    private int _head, _count, _sinceRecompute;
    private double _sumPv, _sumV;

    public void Reset()
    {
        _head = _count = _sinceRecompute = 0;
        _sumPv = _sumV = 0;
    }

    public void Push(long time, double close, double volume)
    {
        var pv = close * volume;
        if (_count == capacity) PopFront();
        var i = (_head + _count) % capacity;
        _time[i] = time; _pv[i] = pv; _v[i] = volume;
        _count++;
        _sumPv += pv; _sumV += volume;
        while (_count > 0 && _time[_head] < time - windowNanos) PopFront();
        if (_count == 1) { _sumPv = pv; _sumV = volume; } // drop any residue the subtractions left
        if (++_sinceRecompute >= capacity) Recompute();
    }

    /// <summary>The window VWAP; null when the window has no volume.</summary>
    public double? Value => _sumV > 0 ? _sumPv / _sumV : null;

    private void PopFront()
    {
        _sumPv -= _pv[_head]; _sumV -= _v[_head];
        _head = (_head + 1) % capacity;
        _count--;
    }

    private void Recompute()
    {
        _sinceRecompute = 0;
        _sumPv = _sumV = 0;
        for (int k = 0; k < _count; k++) { var i = (_head + k) % capacity; _sumPv += _pv[i]; _sumV += _v[i]; }
    }
}
