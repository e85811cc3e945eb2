using System.CommandLine;

namespace Torghut.Host.Cli;

/// <summary>The `torghut` command line. Parse errors print why and exit 2; commands exit 0 (ok), 1 (failed), 2 (usage/config).</summary>
public static class TorghutCli
{
    public static RootCommand Create(CliContext cli)
    {
        var root = new RootCommand("Torghut: market data from trading venues to Kafka, 1-second microbars, TA signals and ClickHouse");
        root.Subcommands.Add(RunCommand.Create(cli));
        root.Subcommands.Add(PluginsCommand.Create(cli));
        root.Subcommands.Add(FlagsCommand.Create(cli));
        root.Subcommands.Add(LanesCommand.Create(cli));
        root.Subcommands.Add(SimCommand.Create(cli));
        root.Subcommands.Add(BackfillCommand.Create(cli));
        root.Subcommands.Add(GateCommand.Create(cli));
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, CliContext? cli = null, CancellationToken cancellationToken = default)
    {
        cli ??= CliContext.Console();
        var parse = Create(cli).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await cli.Err.WriteLineAsync($"error: {error.Message}");
            await cli.Err.WriteLineAsync("run `torghut --help` for usage");
            return ExitCodes.Usage;
        }
        // SIGTERM/Ctrl-C cancel the command; allow the host's own shutdown (drain lanes, flush transport and store)
        // to finish instead of the parser's short default before it force-exits.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, cancellationToken);
    }
}
