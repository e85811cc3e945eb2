using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Shutdown;

/// <summary>
/// One deadline for a whole stop (docs/adr/0013-shutdown-budget.md), so that the parts cannot add up their own
/// timeouts past Kubernetes' grace period. It starts when the stop is requested and is cut into phases that end at
/// fixed points of it: the drain phase (lanes stop and flush, the TA worker stores and commits what it holds: they run
/// side by side) ends at 2/3; the producer's final flush ends one exit margin (1 s at most) before the end; the
/// process then exits, reporting what was not delivered. A part that asks before the stop began gets its own fallback
/// (a lane switched off at runtime still flushes for 10 s).
/// </summary>
public sealed class ShutdownBudget
{
    public const int DefaultMs = 15_000;
    public const int MinimumMs = 1_000;

    private long _begunAt; // Stopwatch timestamp; 0 until the stop begins

    public ShutdownBudget(TimeSpan total) => Total = total;

    public TimeSpan Total { get; }

    public bool Begun => Interlocked.Read(ref _begunAt) != 0;

    /// <summary>Time kept after the final flush for disposing clients and writing the report.</summary>
    public TimeSpan ExitMargin => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, Total.Ticks / 10));

    /// <summary>Where the drain phase ends, from the start of the stop.</summary>
    public TimeSpan DrainEnd => Total * 2 / 3;

    public static ShutdownBudget From(IConfiguration configuration)
        => new(CoreCatalogue.ShutdownTimeout.Read(configuration));

    /// <summary>The raw value of <see cref="ConfigKeys.ShutdownTimeoutMs"/> (before configuration exists: the CLI's
    /// backstop, the deploy tests), read by the catalogue's rule; throws <see cref="ConfigException"/> when
    /// refused.</summary>
    public static int ParseMs(string? value) =>
        (int)CoreCatalogue.ShutdownTimeout.Read(new ConfigurationBuilder()
            .AddInMemoryCollection([new(ConfigKeys.ShutdownTimeoutMs, value)]).Build()).TotalMilliseconds;

    /// <summary>Starts the clock; later calls keep the first start.</summary>
    public void Begin() => Interlocked.CompareExchange(ref _begunAt, Stopwatch.GetTimestamp(), 0);

    /// <summary>Time left of the drain phase once the stop began, else <paramref name="otherwise"/>.</summary>
    public TimeSpan DrainLeft(TimeSpan otherwise) => Begun ? Left(DrainEnd) : otherwise;

    /// <summary>Time left for the producer's final flush once the stop began, else <paramref name="otherwise"/>.</summary>
    public TimeSpan FlushLeft(TimeSpan otherwise) => Begun ? Left(Total - ExitMargin) : otherwise;

    /// <summary>Time left of the whole budget (starts it if nobody did).</summary>
    public TimeSpan Left()
    {
        Begin();
        return Left(Total);
    }

    private TimeSpan Left(TimeSpan end)
    {
        var left = end - Stopwatch.GetElapsedTime(Interlocked.Read(ref _begunAt));
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
