namespace Torghut.Host.Logging;

/// <summary>
/// Rate-limits a repeating log line per key: the first occurrence is logged, repeats within <c>window</c> are only
/// counted, and the first occurrence after the window is logged with how many were held back and over how long
/// (" (repeated 240 times in 60 s)"). With every broker down librdkafka reports the same failure ~20 times a second;
/// an operator needs to see that it goes on, not each instance.
/// </summary>
public sealed class RepeatLimiter(TimeSpan window, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Since, int Suppressed)> _keys = new(StringComparer.Ordinal);

    public RepeatLimiter() : this(TimeSpan.FromSeconds(60), TimeProvider.System) { }

    /// <summary>
    /// True when this occurrence of <paramref name="key"/> should be logged; <paramref name="suffix"/> is then "" or
    /// the repeat count to append to the line.
    /// </summary>
    public bool Admit(string key, out string suffix)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_keys.TryGetValue(key, out var seen) && now - seen.Since < window)
            {
                _keys[key] = seen with { Suppressed = seen.Suppressed + 1 };
                suffix = "";
                return false;
            }
            suffix = seen.Suppressed > 0 ? $" (repeated {seen.Suppressed} times in {(now - seen.Since).TotalSeconds:0} s)" : "";
            _keys[key] = (now, 0);
            return true;
        }
    }
}
