using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Host.Health;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Tests.Support;
using Torghut.Host.Composition;

namespace Torghut.Tests.Health;

/// <summary>Lanes, sessions and a transport to put into a state, and the readiness and liveness that judge it.</summary>
internal sealed class HealthFixture
{
    private readonly List<LaneState> _lanes = [];
    public IngestStatus Sessions { get; } = new();
    public RecordingPublisher Transport { get; } = new();
    public List<IHealthContributor> Contributors { get; } = [];
    public ManualTime Time { get; } = new();

    public HealthFixture Lane(string name, SessionSnapshot? session, bool running = true, bool failed = false, string? problem = null)
    {
        _lanes.Add(new LaneState(name, running, null, problem, null, [], 1, Failed: failed));
        if (session is not null) Sessions.Register(name, () => session);
        return this;
    }

    public ReadinessReport Readiness() =>
        new Readiness(new Lanes(_lanes), Sessions, [Transport], Contributors, NullLogger<Readiness>.Instance).Evaluate();

    public LivenessReport Liveness(TimeSpan stallAfter) =>
        new Liveness(Sessions, [Transport], new HealthSettings(stallAfter, false), NullLogger<Liveness>.Instance, Time).Evaluate();

    private sealed class Lanes(IReadOnlyList<LaneState> states) : ILaneSupervisor
    {
        public IReadOnlyList<LaneState> States => states;
        public Task ReconcileAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
