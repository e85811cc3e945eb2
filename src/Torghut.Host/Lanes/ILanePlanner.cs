namespace Torghut.Host.Lanes;

public interface ILanePlanner
{
    /// <summary>Plans every known lane, enabled or not, from the current flags, settings and plugins.</summary>
    Task<IReadOnlyList<LanePlan>> PlanAllAsync();

    /// <summary>
    /// Plans <paramref name="plan"/>'s lane again with <paramref name="settings"/> under the lane's own settings (e.g.
    /// the URLs of the simulator just started for it).
    /// </summary>
    LanePlan Replan(LanePlan plan, IReadOnlyDictionary<string, string> settings);
}
