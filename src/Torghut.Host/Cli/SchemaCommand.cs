using System.CommandLine;
using Torghut.Host.Configuration;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Cli;

/// <summary>
/// `torghut schema`: the ClickHouse statements the TA store runs at start, from the same code, for a DBA who creates
/// tables through migrations or ON CLUSTER (then TA_CLICKHOUSE_MANAGE_SCHEMA=false). Reads the TA_CLICKHOUSE_*
/// settings (database, TTL, replication) as the store does; the options override them. Connects to nothing.
/// </summary>
public static class SchemaCommand
{
    public static Command Create(CliContext cli)
    {
        var flavour = new Option<string>("--flavour") { Description = "Table layout: modern (ClickHouse ≥ 20.1) or legacy (18.16)", DefaultValueFactory = _ => "modern" };
        flavour.AcceptOnlyFromAmong("modern", "legacy");
        var database = new Option<string?>("--database") { Description = "Database name (default TA_CLICKHOUSE_DATABASE or torghut)" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster for ON CLUSTER (with --replicated; default TA_CLICKHOUSE_CLUSTER or default)" };
        var replicated = new Option<bool>("--replicated") { Description = "ReplicatedReplacingMergeTree tables created ON CLUSTER" };
        var command = new Command("schema", "Print the ClickHouse DDL the TA store would run, ';'-separated, for clickhouse-client --multiquery");
        command.Options.Add(flavour);
        command.Options.Add(database);
        command.Options.Add(cluster);
        command.Options.Add(replicated);
        command.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(cluster) is not null && !parse.GetValue(replicated))
            {
                await cli.Err.WriteLineAsync("error: --cluster needs --replicated (plain tables are not created ON CLUSTER)");
                return ExitCodes.Usage;
            }
            try
            {
                var options = Options(cli, parse.GetValue(database), parse.GetValue(cluster), parse.GetValue(replicated));
                var layout = parse.GetValue(flavour) == "legacy" ? SchemaFlavour.Legacy : SchemaFlavour.Modern;
                foreach (var statement in ClickHouseSchema.Statements(options, layout)) await cli.Out.WriteLineAsync(statement + ";\n");
                return ExitCodes.Ok;
            }
            catch (ConfigException e)
            {
                await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static ClickHouseOptions Options(CliContext cli, string? database, string? cluster, bool replicated)
    {
        var configuration = cli.BuildCheckedConfiguration();
        // No server is contacted: without TA_CLICKHOUSE_URL a placeholder URL stands in (a layer on top, not a write)
        // so the other settings still apply.
        var withUrl = StorageCatalogue.ClickHouseUrl.IsSet(configuration) ? (IConfiguration)configuration
            : new ConfigurationBuilder().AddConfiguration(configuration)
                .AddInMemoryCollection([new(StorageKeys.ClickHouseUrl, "http://localhost:8123")]).Build();
        var options = ClickHouseOptions.FromConfiguration(withUrl)!;
        options = options with
        {
            Database = database ?? options.Database,
            Cluster = cluster ?? options.Cluster,
            Replicated = replicated || options.Replicated,
        };
        options.Validate();
        return options;
    }
}
