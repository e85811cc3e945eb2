using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Torghut.Abstractions;
using Torghut.Host.Plugins;
using Torghut.Host.Web;

namespace Torghut.Host.Cli;

public static class PluginsCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var command = new Command("plugins", "List the plugins in the plugins folder: name, version, contract, market, path, status");
        command.Options.Add(json);
        command.SetAction((parse, _) => cli.RunAsync(services =>
        {
            var catalog = services.GetRequiredService<IPluginCatalog>();
            var views = catalog.Plugins.Select(PluginView.From).ToList();
            if (parse.GetValue(json))
                cli.Out.WriteLine(JsonOutput.Serialize(new { directory = catalog.Directory, hostContract = ContractVersion.Text, plugins = views }));
            else
            {
                cli.Out.WriteLine($"plugins directory: {catalog.Directory} (host contract {ContractVersion.Text})");
                TextTable.Write(cli.Out, ["name", "version", "contract", "market", "services", "status", "path"],
                    views.Select(v => (IReadOnlyList<string?>)[v.Name, v.Version, v.Contract, v.Market, v.Services, v.Status, v.Path]));
                foreach (var failed in views.Where(v => v.Error is not null))
                    cli.Out.WriteLine($"  {failed.Name}: {failed.Error}");
                foreach (var refused in views.Where(v => v.ReplacementError is not null))
                    cli.Out.WriteLine($"  {refused.Name}: {refused.ReplacementError}");
            }
            // Listing is not failing: a broken plugin is reported, and the exit code says so for scripts.
            return Task.FromResult(views.Any(v => v.Error is not null) ? ExitCodes.Failure : ExitCodes.Ok);
        }));
        return command;
    }
}
