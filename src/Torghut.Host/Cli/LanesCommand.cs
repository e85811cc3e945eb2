using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Torghut.Host.Lanes;
using Torghut.Host.Web;

namespace Torghut.Host.Cli;

public static class LanesCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var all = new Option<bool>("--all") { Description = "Also list lanes whose flag is off" };
        var command = new Command("lanes", "Show the lanes active under the current flags: stream URL, backfill URL, channels, symbols");
        command.Options.Add(json);
        command.Options.Add(all);
        command.SetAction((parse, _) => cli.RunAsync(async services =>
        {
            var plans = (await services.GetRequiredService<ILanePlanner>().PlanAllAsync())
                .Where(p => p.Enabled || parse.GetValue(all)).ToList();
            if (parse.GetValue(json))
                cli.Out.WriteLine(JsonOutput.Serialize(new { lanes = plans }));
            else if (plans.Count == 0)
                cli.Out.WriteLine("no active lanes (every torghut_ws_* flag is off; see `torghut flags`)");
            else
                foreach (var p in plans)
                {
                    cli.Out.WriteLine($"lane {p.Name} ({(p.Enabled ? "on" : "off")}, flag {p.Flag}, plugin {p.Plugin} {p.PluginVersion})");
                    cli.Out.WriteLine($"  stream    {p.StreamUrl ?? "-"}");
                    cli.Out.WriteLine($"  backfill  {p.BackfillUrl ?? "-"}");
                    cli.Out.WriteLine($"  channels  {string.Join(",", p.Channels)}");
                    cli.Out.WriteLine($"  symbols   {string.Join(",", p.Symbols)}");
                    foreach (var r in p.RejectedSymbols) cli.Out.WriteLine($"  rejected  {r.Input}: {r.Reason}");
                    if (p.Problem is not null) cli.Out.WriteLine($"  PROBLEM   {p.Problem}");
                }
            return plans.Any(p => p.Enabled && p.Problem is not null) ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }
}
