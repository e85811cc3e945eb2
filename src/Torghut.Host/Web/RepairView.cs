using Torghut.Host.Ingest.Repair;

namespace Torghut.Host.Web;

/// <summary>`/api/repairs`: per lane, the holes and repairs since the process started (README, "Holes and repair").</summary>
public static class RepairView
{
    public static IReadOnlyDictionary<string, object> From(RepairStatusBoard board) =>
        board.Lanes.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => (object)new
        {
            liveDuplicates = l.Value.LiveDuplicates,
            tailFailures = l.Value.TailFailures,
            unrepairable = l.Value.Unrepairable,
            pages = new
            {
                l.Value.Pages.Pages, l.Value.Pages.Retries, l.Value.Pages.RateLimited, l.Value.Pages.MalformedPages,
                l.Value.Pages.DecodeErrors, l.Value.Pages.FailedSymbols, rejected = l.Value.Pages.RejectedByReason,
            },
            symbols = l.Value.Symbols.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => new
            {
                s.Value.HolesOpened, s.Value.HolesRepaired, s.Value.RepairsFailed, s.Value.HolesOpen, items = s.Value.Items,
                s.Value.LastLagSeconds,
            }),
        });
}
