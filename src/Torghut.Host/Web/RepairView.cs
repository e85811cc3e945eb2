using System.Text.Json;
using System.Text.Json.Nodes;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Repair;

namespace Torghut.Host.Web;

/// <summary>`/api/repairs`: per lane, the holes and repairs since the process started (docs/repair.md).</summary>
public static class RepairView
{
    /// <summary>`/api/ingest`: each lane's session snapshot with its repairs beside it (an added `repair` key).</summary>
    public static JsonObject WithSessions(IReadOnlyDictionary<string, SessionSnapshot> sessions, RepairStatusBoard board)
    {
        var repairs = From(board);
        var result = new JsonObject();
        foreach (var (lane, snapshot) in sessions.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var node = JsonSerializer.SerializeToNode(snapshot, JsonOutput.Options)!.AsObject();
            if (repairs.TryGetValue(lane, out var repair)) node["repair"] = JsonSerializer.SerializeToNode(repair, JsonOutput.Options);
            result[lane] = node;
        }
        return result;
    }

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
                s.Value.LastLagSeconds, s.Value.LastFailure,
            }),
        });
}
