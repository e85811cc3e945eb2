using System.Globalization;
using System.Text;

namespace Alpaca.Simulator.Faults;

public enum FaultKind
{
    Drop,
    Silent,
    Error,
    Slow,
    Corrupt,
    SymbolLimit,
    RestError,
    RestTimeout,
    RestMalformed,
    RateLimit,
    /// <summary>A REST page also carries a symbol the request did not ask for.</summary>
    RestForeignSymbol,
    /// <summary>A REST page carries an item stamped before the requested start.</summary>
    RestOutOfRange,
    /// <summary>A REST bars page holds bars of another timeframe than requested.</summary>
    RestWrongTimeframe,
}

public enum DropMode
{
    /// <summary>Flush what was sent, then a close frame (1011): every counted message reached the client.</summary>
    Close,
    /// <summary>Abort the TCP connection without a close frame (a network drop).</summary>
    Abort,
}

[Flags]
public enum CorruptKinds
{
    None = 0,
    Truncated = 1,
    Types = 2,
    Fields = 4,
    Unknown = 8,
    All = Truncated | Types | Fields | Unknown,
}

/// <summary>When a timed fault fires: a wall-time offset from when the plan was applied, or a simulated instant.</summary>
public readonly record struct FaultTime(TimeSpan? AfterApply, DateTimeOffset? SimInstant)
{
    public override string ToString() =>
        AfterApply is { } d ? FaultPlan.FormatDuration(d) : SimInstant!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One statement of a fault plan. Which properties matter depends on <see cref="Kind"/>.</summary>
public sealed record FaultRule(FaultKind Kind)
{
    public TimeSpan? Every { get; init; }
    public IReadOnlyList<FaultTime> At { get; init; } = [];
    public TimeSpan? For { get; init; }
    public long? Count { get; init; }
    public double Rate { get; init; } = 1.0;
    public int Code { get; init; }
    public bool Close { get; init; }
    public DropMode Mode { get; init; } = DropMode.Close;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(30);
    public int Limit { get; init; }
    public CorruptKinds Kinds { get; init; } = CorruptKinds.All;

    /// <summary>Faults drawn per REST request with a <c>rate</c>.</summary>
    public static bool IsRest(FaultKind kind) => kind is FaultKind.RestError or FaultKind.RestTimeout or FaultKind.RestMalformed
        or FaultKind.RestForeignSymbol or FaultKind.RestOutOfRange or FaultKind.RestWrongTimeframe;

    /// <summary>Timed faults with neither <c>every</c> nor <c>at</c> fire once, right when applied.</summary>
    public bool IsImmediate => Every is null && At.Count == 0;

    public override string ToString()
    {
        var sb = new StringBuilder(FaultPlan.VerbOf(Kind));
        void Add(string k, string v) => sb.Append(' ').Append(k).Append('=').Append(v);
        switch (Kind)
        {
            case FaultKind.Drop or FaultKind.Silent or FaultKind.Error or FaultKind.Slow:
                if (Kind == FaultKind.Error) Add("code", Code.ToString(CultureInfo.InvariantCulture));
                if (Every is { } e) Add("every", FaultPlan.FormatDuration(e));
                if (At.Count > 0) Add("at", string.Join(',', At));
                if (Kind == FaultKind.Silent && For is { } f) Add("for", FaultPlan.FormatDuration(f));
                if (Kind == FaultKind.Drop) Add("mode", Mode.ToString().ToLowerInvariant());
                if (Kind == FaultKind.Error && Close) Add("close", "true");
                break;
            case FaultKind.Corrupt:
                Add("rate", Rate.ToString(CultureInfo.InvariantCulture));
                Add("kinds", string.Join(',', Enum.GetValues<CorruptKinds>()
                    .Where(k => k is not CorruptKinds.None and not CorruptKinds.All && Kinds.HasFlag(k))
                    .Select(k => k.ToString().ToLowerInvariant())));
                break;
            case FaultKind.SymbolLimit or FaultKind.RateLimit:
                Add("n", Limit.ToString(CultureInfo.InvariantCulture));
                break;
            case FaultKind.RestError:
                Add("rate", Rate.ToString(CultureInfo.InvariantCulture)); Add("code", Code.ToString(CultureInfo.InvariantCulture));
                break;
            case FaultKind.RestTimeout:
                Add("rate", Rate.ToString(CultureInfo.InvariantCulture)); Add("delay", FaultPlan.FormatDuration(Delay));
                break;
            case FaultKind.RestMalformed or FaultKind.RestForeignSymbol or FaultKind.RestOutOfRange or FaultKind.RestWrongTimeframe:
                Add("rate", Rate.ToString(CultureInfo.InvariantCulture));
                break;
        }
        if (Count is { } c) Add("count", c.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}

/// <summary>
/// A parsed fault plan: statements separated by ';' or new lines, each <c>verb key=value ...</c>.
/// See plugins/Alpaca.Simulator/README.md for the grammar. Parse errors are <see cref="ArgumentException"/>s
/// that quote the offending statement.
/// </summary>
public sealed class FaultPlan
{
    public static readonly FaultPlan None = new([]);

    public FaultPlan(IReadOnlyList<FaultRule> rules) => Rules = rules;

    public IReadOnlyList<FaultRule> Rules { get; }

    public override string ToString() => string.Join("; ", Rules);

    private static readonly Dictionary<string, FaultKind> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["drop"] = FaultKind.Drop, ["silent"] = FaultKind.Silent, ["error"] = FaultKind.Error, ["slow"] = FaultKind.Slow,
        ["corrupt"] = FaultKind.Corrupt, ["symbol-limit"] = FaultKind.SymbolLimit, ["rest-error"] = FaultKind.RestError,
        ["rest-timeout"] = FaultKind.RestTimeout, ["rest-malformed"] = FaultKind.RestMalformed, ["ratelimit"] = FaultKind.RateLimit,
        ["rest-foreign-symbol"] = FaultKind.RestForeignSymbol, ["rest-out-of-range"] = FaultKind.RestOutOfRange,
        ["rest-wrong-timeframe"] = FaultKind.RestWrongTimeframe,
    };

    private static readonly Dictionary<FaultKind, string[]> AllowedKeys = new()
    {
        [FaultKind.Drop] = ["every", "at", "mode", "count"],
        [FaultKind.Silent] = ["every", "at", "for", "count"],
        [FaultKind.Error] = ["code", "every", "at", "close", "count"],
        [FaultKind.Slow] = ["every", "at", "count"],
        [FaultKind.Corrupt] = ["rate", "kinds", "count"],
        [FaultKind.SymbolLimit] = ["n"],
        [FaultKind.RestError] = ["rate", "code", "count"],
        [FaultKind.RestTimeout] = ["rate", "delay", "count"],
        [FaultKind.RestMalformed] = ["rate", "count"],
        [FaultKind.RateLimit] = ["n"],
        [FaultKind.RestForeignSymbol] = ["rate", "count"],
        [FaultKind.RestOutOfRange] = ["rate", "count"],
        [FaultKind.RestWrongTimeframe] = ["rate", "count"],
    };

    public static string VerbOf(FaultKind kind) => Verbs.First(kv => kv.Value == kind).Key;

    /// <summary>Parses a plan; null or blank gives an empty plan.</summary>
    /// <exception cref="ArgumentException">The text is not a valid plan; the message says where and why.</exception>
    public static FaultPlan Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var rules = new List<FaultRule>();
        foreach (var raw in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.StartsWith('#')) continue;
            rules.Add(ParseStatement(raw));
        }
        return new FaultPlan(rules);
    }

    private static FaultRule ParseStatement(string statement)
    {
        var tokens = statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!Verbs.TryGetValue(tokens[0], out var kind))
            throw Fail(statement, $"unknown fault '{tokens[0]}'; expected one of: {string.Join(", ", Verbs.Keys)}");
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens.Skip(1))
        {
            var eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1) throw Fail(statement, $"expected key=value, got '{token}'");
            var key = token[..eq];
            if (!AllowedKeys[kind].Contains(key, StringComparer.OrdinalIgnoreCase))
                throw Fail(statement, $"'{tokens[0]}' does not take '{key}'; allowed: {string.Join(", ", AllowedKeys[kind])}");
            if (!values.TryAdd(key, token[(eq + 1)..])) throw Fail(statement, $"'{key}' given twice");
        }

        var rule = new FaultRule(kind);
        try
        {
            if (values.TryGetValue("every", out var every)) rule = rule with { Every = PositiveDuration(every, "every") };
            if (values.TryGetValue("at", out var at)) rule = rule with { At = at.Split(',').Select(ParseTime).ToList() };
            if (rule.Every is not null && rule.At.Count > 0) throw new FormatException("give either 'every' or 'at', not both");
            if (values.TryGetValue("for", out var dur)) rule = rule with { For = PositiveDuration(dur, "for") };
            if (values.TryGetValue("count", out var count)) rule = rule with { Count = PositiveInt(count, "count") };
            if (values.TryGetValue("rate", out var rate))
            {
                if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r is < 0 or > 1)
                    throw new FormatException($"rate must be a number in [0,1], got '{rate}'");
                rule = rule with { Rate = r };
            }
            else if (kind is FaultKind.Corrupt || FaultRule.IsRest(kind))
                throw new FormatException("'rate' is required");
            if (values.TryGetValue("code", out var code))
            {
                var c = PositiveInt(code, "code");
                if (c is < 100 or > 599) throw new FormatException($"code must be 100-599, got {c}");
                rule = rule with { Code = (int)c };
            }
            else if (kind == FaultKind.Error) throw new FormatException("'code' is required (e.g. code=500)");
            else if (kind == FaultKind.RestError) rule = rule with { Code = 500 };
            if (values.TryGetValue("close", out var close))
            {
                if (!bool.TryParse(close, out var b)) throw new FormatException($"close must be true or false, got '{close}'");
                rule = rule with { Close = b };
            }
            if (values.TryGetValue("mode", out var mode))
            {
                rule = rule with
                {
                    Mode = mode.ToLowerInvariant() switch
                    {
                        "close" => DropMode.Close,
                        "abort" => DropMode.Abort,
                        _ => throw new FormatException($"mode must be close or abort, got '{mode}'"),
                    },
                };
            }
            if (values.TryGetValue("delay", out var delay)) rule = rule with { Delay = PositiveDuration(delay, "delay") };
            if (values.TryGetValue("n", out var n)) rule = rule with { Limit = (int)PositiveInt(n, "n") };
            else if (kind is FaultKind.SymbolLimit or FaultKind.RateLimit) throw new FormatException("'n' is required");
            if (values.TryGetValue("kinds", out var kinds))
            {
                var k = CorruptKinds.None;
                foreach (var part in kinds.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    k |= part.ToLowerInvariant() switch
                    {
                        "truncated" => CorruptKinds.Truncated,
                        "types" => CorruptKinds.Types,
                        "fields" => CorruptKinds.Fields,
                        "unknown" => CorruptKinds.Unknown,
                        _ => throw new FormatException($"unknown corrupt kind '{part}'; expected truncated, types, fields, unknown"),
                    };
                }
                if (k == CorruptKinds.None) throw new FormatException("kinds is empty");
                rule = rule with { Kinds = k };
            }
            if (kind == FaultKind.Silent && rule.Every is not null && rule.For is null) rule = rule with { For = TimeSpan.FromSeconds(10) };
            if (kind == FaultKind.Silent && rule.Every is { } ev && rule.For >= ev)
                throw new FormatException("'for' must be shorter than 'every'");
        }
        catch (FormatException ex)
        {
            throw Fail(statement, ex.Message);
        }
        return rule;
    }

    private static ArgumentException Fail(string statement, string why) =>
        new($"invalid fault plan statement '{statement}': {why}", "faultPlan");

    private static long PositiveInt(string text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new FormatException($"{name} must be a positive integer, got '{text}'");

    private static TimeSpan PositiveDuration(string text, string name)
    {
        var d = ParseDuration(text) ?? throw new FormatException($"{name} must be a duration like 500ms, 5s, 2m, 1h; got '{text}'");
        return d > TimeSpan.Zero ? d : throw new FormatException($"{name} must be positive, got '{text}'");
    }

    private static FaultTime ParseTime(string text)
    {
        if (ParseDuration(text) is { } d && d >= TimeSpan.Zero) return new FaultTime(d, null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && text.Contains('T'))
            return new FaultTime(null, instant);
        throw new FormatException($"'at' takes durations after the plan is applied (5s, 1m) or ISO-8601 simulated instants; got '{text}'");
    }

    /// <summary>Parses 250ms, 5s, 1.5m, 2h, or a bare number of seconds.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        (string num, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        return double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? TimeSpan.FromSeconds(v * scale)
            : null;
    }

    public static string FormatDuration(TimeSpan d) =>
        d.TotalMilliseconds % 1000 == 0
            ? d.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"
            : d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
}
