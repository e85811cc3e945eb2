namespace Torghut.Host.Lanes;

public interface ILaneSupervisor
{
    IReadOnlyList<LaneState> States { get; }

    /// <summary>Brings running lanes in line with the flags now; also runs on every flag change and periodically.</summary>
    Task ReconcileAsync(CancellationToken cancellationToken = default);
}
