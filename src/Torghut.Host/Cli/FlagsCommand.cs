using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Torghut.Host.Flags;
using Torghut.Host.Web;

namespace Torghut.Host.Cli;

public static class FlagsCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var command = new Command("flags", "Show each feature flag's effective value and the layer it came from");
        command.Options.Add(json);
        command.SetAction((parse, _) => cli.RunAsync(async services =>
        {
            var reader = services.GetRequiredService<IFlagReader>();
            var flags = await reader.ReadAllAsync();
            if (parse.GetValue(json))
                cli.Out.WriteLine(JsonOutput.Serialize(new { flags, flagsFileError = reader.FlagsFileError }));
            else
                TextTable.Write(cli.Out, ["flag", "enabled", "source"],
                    flags.Select(f => (IReadOnlyList<string?>)[f.Key, f.Enabled ? "true" : "false", f.Source]));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
