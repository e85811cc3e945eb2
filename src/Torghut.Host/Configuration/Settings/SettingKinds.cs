using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Configuration.Settings;

/// <summary>Free text (topics, names, paths). Unset reads the default, which may be null.</summary>
public sealed class TextSetting(string key, string? fallback, string description)
    : Setting<string?>(key, SettingKind.Text, description)
{
    public override string Allowed => Secret ? "text (secret)" : "text";
    protected override string? PlainDefault => fallback is null ? null : $"`{fallback}`";
    public override string? Read(IConfiguration c) => Raw(c)?.Trim() ?? fallback;
}

/// <summary>A duration in whole milliseconds, read as a <see cref="TimeSpan"/>.</summary>
public sealed class MillisecondsSetting(string key, long fallback, string description, long min = 0,
    long max = long.MaxValue)
    : Setting<TimeSpan>(key, SettingKind.Milliseconds, description)
{
    public long Min => min;
    public long Max => max;
    public override string Allowed => $"ms {SettingsReader.Range(min, max)}";
    protected override string PlainDefault => $"`{fallback}`";
    public override TimeSpan Read(IConfiguration c) =>
        Raw(c) is { } raw ? SettingsReader.Milliseconds(Key, raw, min, max) : TimeSpan.FromMilliseconds(fallback);
}

/// <summary>A whole number; <see cref="Read"/> is null when unset and there is no default.</summary>
public sealed class IntegerSetting(string key, long? fallback, string description, long min = 0,
    long max = int.MaxValue)
    : Setting<long?>(key, SettingKind.Integer, description)
{
    public override string Allowed => $"integer {SettingsReader.Range(min, max)}";
    protected override string? PlainDefault => fallback is { } f ? $"`{f}`" : null;
    public override long? Read(IConfiguration c) =>
        Raw(c) is { } raw ? SettingsReader.Integer(Key, raw, min, max, Secret) : fallback;
    /// <summary>The value as an int (bounds within int by default); the default must exist.</summary>
    public int ReadInt(IConfiguration c) => checked((int)(Read(c)
        ?? throw new InvalidOperationException($"{Key} has no default")));
}

/// <summary>A finite decimal number (invariant culture).</summary>
public sealed class DoubleSetting(string key, double fallback, string description,
    double min = double.MinValue, double max = double.PositiveInfinity, bool exclusiveMin = false)
    : Setting<double>(key, SettingKind.Double, description)
{
    public override string Allowed => $"number {SettingsReader.Range(min, max, exclusiveMin)}";
    protected override string PlainDefault => $"`{fallback.ToString(CultureInfo.InvariantCulture)}`";
    public override double Read(IConfiguration c) =>
        Raw(c) is { } raw ? SettingsReader.Double(Key, raw, min, max, exclusiveMin) : fallback;
}

/// <summary>true or false (any case); <see cref="Read"/> is null when unset and there is no default.</summary>
public sealed class BooleanSetting(string key, bool? fallback, string description)
    : Setting<bool?>(key, SettingKind.Boolean, description)
{
    public override string Allowed => "`true`, `false`";
    protected override string? PlainDefault => fallback is { } f ? (f ? "`true`" : "`false`") : null;
    public override bool? Read(IConfiguration c) => Raw(c) is { } raw ? SettingsReader.Boolean(Key, raw) : fallback;
    public bool Read(IConfiguration c, bool whenUnset) => Read(c) ?? whenUnset;
}

/// <summary>One of a fixed list (matched ignoring case, returned as listed).</summary>
public sealed class ChoiceSetting(string key, string? fallback, IReadOnlyList<string> choices, string description)
    : Setting<string?>(key, SettingKind.Choice, description)
{
    public IReadOnlyList<string> Choices => choices;
    public override string Allowed => string.Join(", ", choices.Select(x => $"`{x}`"));
    protected override string? PlainDefault => fallback is null ? null : $"`{fallback}`";
    public override string? Read(IConfiguration c) =>
        Raw(c) is { } raw ? SettingsReader.Choice(Key, raw, choices) : fallback;
}

/// <summary>An absolute URL of one of the given schemes; null when unset.</summary>
public sealed class UrlSetting(string key, string description, params string[] schemes)
    : Setting<Uri?>(key, SettingKind.Url, description)
{
    public override string Allowed => string.Join(" or ", schemes) + " URL";
    protected override string? PlainDefault => null;
    public override Uri? Read(IConfiguration c) =>
        Raw(c) is { } raw ? SettingsReader.Url(Key, raw, schemes, Secret) : null;
}
