namespace Torghut.Host.Analysis.Signals;

/// <summary>
/// Mean and population variance of the last N values in O(1) per push. Numerical care: sums are kept of
/// (x − shift) with the shift near the data (cancellation in Σx² − (Σx)²/n is what breaks naive running variance on
/// prices like 68 000), and the sums are recomputed from the ring every N pushes so add/subtract drift cannot
/// accumulate. Non-finite values occupy a slot but are excluded from the sums and counted in <see cref="Invalid"/>.
/// </summary>
internal sealed class RollingMoments(int capacity)
{
    private readonly double[] _ring = new double[capacity];
    private int _head, _count, _invalid, _sinceRecompute;
    private double _shift, _sum, _sumSq;

    public int Count => _count;
    public int Invalid => _invalid;
    public int Capacity => capacity;

    public void Reset()
    {
        _head = _count = _invalid = _sinceRecompute = 0;
        _shift = _sum = _sumSq = 0;
    }

    public void Push(double x)
    {
        if (_count == capacity)
        {
            var old = _ring[_head];
            if (double.IsFinite(old)) { var d0 = old - _shift; _sum -= d0; _sumSq -= d0 * d0; }
            else _invalid--;
            _ring[_head] = x;
            _head = (_head + 1) % capacity;
        }
        else
        {
            _ring[(_head + _count) % capacity] = x;
            _count++;
        }
        if (double.IsFinite(x)) { var d = x - _shift; _sum += d; _sumSq += d * d; }
        else _invalid++;
        if (++_sinceRecompute >= capacity || (_count == 1 && double.IsFinite(x))) Recompute(x);
    }

    public double Mean => _shift + _sum / (_count - _invalid);

    public double PopulationVariance
    {
        get
        {
            var n = _count - _invalid;
            var v = (_sumSq - _sum * _sum / n) / n;
            return v > 0 ? v : 0;
        }
    }

    private void Recompute(double latest)
    {
        _sinceRecompute = 0;
        _shift = double.IsFinite(latest) ? latest : _shift;
        _sum = _sumSq = 0;
        for (int i = 0; i < _count; i++)
        {
            var x = _ring[(_head + i) % capacity];
            if (!double.IsFinite(x)) continue;
            var d = x - _shift;
            _sum += d;
            _sumSq += d * d;
        }
    }
}
