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
        root.Subcommands.Add(SchemaCommand.Create(cli));
        root.Subcommands.Add(SettingsCommand.Create(cli));
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
        // SIGTERM/Ctrl-C cancel the command; `run` exits within its shutdown budget by itself, so the parser's
        // force-exit is only a backstop a little beyond it (and never the parser's short default).
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TerminationBackstop(cli) }, cancellationToken);
    }

    private static TimeSpan TerminationBackstop(CliContext cli)
    {
        var value = cli.Environment is { } env
            ? env.GetValueOrDefault(Configuration.ConfigKeys.ShutdownTimeoutMs)
            : Environment.GetEnvironmentVariable(Configuration.ConfigKeys.ShutdownTimeoutMs);
        int ms;
        try { ms = Shutdown.ShutdownBudget.ParseMs(value); }
        catch (Configuration.ConfigException) { ms = Shutdown.ShutdownBudget.DefaultMs; } // `run` reports it and exits 2
        return TimeSpan.FromMilliseconds(ms) + TimeSpan.FromSeconds(5);
    }
}
