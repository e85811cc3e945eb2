using System.CommandLine;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings;

namespace Torghut.Host.Cli;

/// <summary>`torghut settings`: every setting with its effective value, or docs/configuration.md
/// (--markdown).</summary>
public static class SettingsCommand
{
    public static Command Create(CliContext cli)
    {
        var markdown = new Option<bool>("--markdown")
        {
            Description = "Print docs/configuration.md, generated from the catalogue",
        };
        var command = new Command("settings",
            "List every setting with its effective value (secrets hidden), or print the docs");
        command.Options.Add(markdown);
        command.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(markdown))
            {
                await cli.Out.WriteAsync(ConfigurationMarkdown.Render());
                return ExitCodes.Ok;
            }
            Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
            try { configuration = cli.BuildConfiguration(); }
            catch (ConfigException e)
            {
                await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
                return ExitCodes.Usage;
            }
            using (configuration as IDisposable)
            {
                var rows = SettingsCatalogue.All.Select(s => (IReadOnlyList<string?>)[s.Key, s.Module, Shown(s,
                    configuration)]);
                TextTable.Write(cli.Out, ["setting", "module", "value"], rows);
                try { SettingsCatalogue.Validate(configuration); }
                catch (ConfigException e)
                {
                    await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Shown(Setting s, Microsoft.Extensions.Configuration.IConfiguration c) =>
        s.Raw(c) is not { } raw ? $"(default) {s.DefaultForDocs}" : s.Secret ? "(set, secret)" : raw.Trim();
}
