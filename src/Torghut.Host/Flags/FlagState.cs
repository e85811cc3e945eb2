namespace Torghut.Host.Flags;

/// <summary>A flag's effective value and the layer it came from.</summary>
public sealed record FlagState(string Key, bool Enabled, string Source);
