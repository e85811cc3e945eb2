namespace Torghut.Host.Lanes;

/// <summary>
/// A read-only lookup of the open-ended settings a lane plan is made of: a lane's own keys
/// (<c>TORGHUT_LANE_&lt;NAME&gt;_*</c>, the built-in lanes' SYMBOLS_* and plugin choice) and the setting names each
/// venue plugin declares, which are known only once lanes and plugins are. Read live, so a re-plan after a
/// configuration reload sees the new values. The composition root supplies it (ADR 0070).
/// </summary>
public interface ILaneSettings
{
    /// <summary>The value, or null when unset.</summary>
    string? this[string key] { get; }
}
