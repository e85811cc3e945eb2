using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Configuration.Settings;

public enum SettingKind { Text, Milliseconds, Integer, Double, Boolean, Choice, Url }

/// <summary>
/// One operator setting: its env name, kind, default and bounds, and what it does. Declared once, as a static field
/// of its module's catalogue class (see <see cref="SettingsCatalogue"/>); the module reads it through the typed
/// subclass, the start-up check and docs/configuration.md read the same declaration.
/// </summary>
public abstract class Setting(string key, SettingKind kind, string description)
{
    public string Key { get; } = key;
    public SettingKind Kind { get; } = kind;
    public string Description { get; } = description;
    /// <summary>Older or upstream names read when <see cref="Key"/> is unset (first set one wins).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Never printed, logged or put in an error message.</summary>
    public bool Secret { get; init; }
    /// <summary>Module (catalogue class) that owns the setting; filled in by the catalogue.</summary>
    public string Module { get; internal set; } = "";
    /// <summary>How the default reads in the docs when it is not one plain value ("the HTTP URL", "crypto
    /// true").</summary>
    public string? DefaultText { get; init; }

    /// <summary>The documented default; "unset" means the setting has none and its absence turns something
    /// off.</summary>
    public string DefaultForDocs => DefaultText ?? PlainDefault ?? "unset";
    public abstract string Allowed { get; }
    protected abstract string? PlainDefault { get; }

    /// <summary>The raw value: the key, else the first alias set; blank counts as unset.</summary>
    public string? Raw(IConfiguration c) =>
        Aliases.Prepend(Key).Select(k => c[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    public bool IsSet(IConfiguration c) => Raw(c) is not null;

    /// <summary>Parses the configured value (if any) and throws <see cref="ConfigException"/> when it is
    /// refused.</summary>
    public abstract void Check(IConfiguration c);
}

/// <summary>A setting read as a typed value: the configured one, or the default when unset.</summary>
public abstract class Setting<T>(string key, SettingKind kind, string description) : Setting(key, kind, description)
{
    public abstract T Read(IConfiguration c);
    public override void Check(IConfiguration c) => Read(c);
}
