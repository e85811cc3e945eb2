namespace Torghut.Host.Lanes;

public interface ILanePlanner
{
    /// <summary>Plans every known lane, enabled or not, from the current flags, settings and plugins.</summary>
    Task<IReadOnlyList<LanePlan>> PlanAllAsync();
}
