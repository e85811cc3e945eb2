namespace Torghut.Host.Ingest;

/// <summary>What became of a venue message (label <c>outcome</c> of <c>torghut_ws_messages_total</c>).</summary>
public enum MessageOutcome
{
    /// <summary>Turned into an envelope.</summary>
    Published,
    /// <summary>Already published by a repair (ADR 0012): dropped by venue identity.</summary>
    Duplicate,
    /// <summary>A known type with no topic (daily bars, crypto order books): counted, by design not published.</summary>
    NoTopic,
    /// <summary>Decoded, but could not become an envelope (e.g. a non-finite number).</summary>
    Unencodable,
    /// <summary>The element could not be decoded.</summary>
    DecodeError,
    /// <summary>A session-control message (success, subscription, error): acted on by the session.</summary>
    Control,
    /// <summary>A well-formed element of a type nobody knows.</summary>
    UnknownType,
}

/// <summary>
/// Counts the elements a lane's venue sends that are not published, by (type, outcome), so that no type vanishes:
/// each one is published (counted per channel by <see cref="FrameSink"/>, merged in FrameSink.MessagesByType) or
/// counted here with the reason it was not. The first time a type ends other than published, duplicate or control, it is
/// queued for one log line (an unknown type's own text is logged, the metric label stays "unknown" so a misbehaving
/// venue cannot grow the label set). Not thread-safe: used under the session's lock, like <see cref="FrameSink"/>.
/// </summary>
public sealed class MessageTally
{
    /// <summary>The type labels: Alpaca's data letters, the control types, and "unknown" for everything else.</summary>
    public static readonly IReadOnlyList<string> Types = ["t", "q", "b", "u", "d", "s", "o", "c", "x", "l", "i", "success", "subscription", "error", "unknown"];
    private const int Unknown = 14, MaxLoggedUnknown = 32;
    private static readonly string[] OutcomeNames = ["published", "duplicate", "no_topic", "unencodable", "decode_error", "control", "unknown_type"];

    private readonly long[,] _counts = new long[Types.Count, OutcomeNames.Length];
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private readonly List<string> _firstSeen = [];

    /// <summary>The label of <paramref name="outcome"/>.</summary>
    public static string Name(MessageOutcome outcome) => OutcomeNames[(int)outcome];

    /// <summary>Counts one element of a known type letter (or control type); anything else counts as "unknown".</summary>
    public void Count(string? type, MessageOutcome outcome) => Count(IndexOf(type), outcome, type);

    internal void Count(int typeIndex, MessageOutcome outcome, string? rawType = null)
    {
        _counts[typeIndex, (int)outcome]++;
        if (outcome is MessageOutcome.Published or MessageOutcome.Duplicate or MessageOutcome.Control) return;
        var text = typeIndex == Unknown && rawType is not null ? rawType : Types[typeIndex];
        if (_announced.Count < MaxLoggedUnknown + Types.Count * OutcomeNames.Length && _announced.Add($"{text}|{Name(outcome)}"))
            _firstSeen.Add($"type '{text}': {Name(outcome)}");
    }

    /// <summary>Lines for types seen with a non-published outcome for the first time since the last call.</summary>
    public IReadOnlyList<string> TakeFirstSeen()
    {
        if (_firstSeen.Count == 0) return [];
        var lines = _firstSeen.ToList();
        _firstSeen.Clear();
        return lines;
    }

    /// <summary>Every non-zero count since start, type → outcome → count (a copy).</summary>
    public Dictionary<string, IReadOnlyDictionary<string, long>> Snapshot()
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        for (var t = 0; t < Types.Count; t++)
        {
            Dictionary<string, long>? outcomes = null;
            for (var o = 0; o < OutcomeNames.Length; o++)
                if (_counts[t, o] > 0) (outcomes ??= new(StringComparer.Ordinal))[OutcomeNames[o]] = _counts[t, o];
            if (outcomes is not null) result[Types[t]] = outcomes;
        }
        return result;
    }

    internal static int IndexOf(string? type) => type switch
    {
        "t" => 0, "q" => 1, "b" => 2, "u" => 3, "d" => 4, "s" => 5, "o" => 6, "c" => 7, "x" => 8, "l" => 9, "i" => 10,
        "success" => 11, "subscription" => 12, "error" => 13,
        _ => Unknown,
    };
}
