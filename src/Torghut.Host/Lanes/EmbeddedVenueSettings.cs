using Torghut.Host.Composition;

namespace Torghut.Host.Lanes;

/// <summary>
/// The embedded simulator's venue settings (ALPACA_STREAM_URL, ALPACA_BASE_URL → its loopback URLs), handed over
/// once by `run` before the lanes start. The planner reads them below a lane's own settings and above the global
/// ones, as a typed value: configuration itself is never written at run time.
/// </summary>
public sealed class EmbeddedVenueSettings : IHostComponent
{
    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Settings => Volatile.Read(ref _settings);

    public void Use(IReadOnlyDictionary<string, string> settings) =>
        Volatile.Write(ref _settings, new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase));
}
