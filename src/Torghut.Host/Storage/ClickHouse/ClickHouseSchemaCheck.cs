namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// TA_CLICKHOUSE_MANAGE_SCHEMA=false: the tables belong to the DBA (migrations, ON CLUSTER by hand), so the store only
/// checks that what it writes will fit: both tables, with the engine family, every column and each column's type the
/// store's own DDL would have created. Extra columns are the DBA's business and allowed.
/// </summary>
public static class ClickHouseSchemaCheck
{
    /// <summary>What is missing or different, one entry each, naming database, table and column; empty when all fits.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IClickHouseTransport http, ClickHouseOptions options, SchemaFlavour flavour,
        CancellationToken cancellationToken)
    {
        var expected = ClickHouseSchema.ExpectedColumns(flavour);
        var tables = string.Join(", ", expected.Keys.Select(t => $"'{t}'"));
        var engines = Rows(await http.QueryAsync(
            $"SELECT name, engine FROM system.tables WHERE database = '{options.Database}' AND name IN ({tables}) FORMAT TabSeparated",
            cancellationToken)).ToDictionary(r => r[0], r => r[1]);
        var columns = Rows(await http.QueryAsync(
            $"SELECT table, name, type FROM system.columns WHERE database = '{options.Database}' AND table IN ({tables}) FORMAT TabSeparated",
            cancellationToken)).ToLookup(r => r[0], r => (Name: r[1], Type: r[2]));
        var engine = options.Replicated ? "ReplicatedReplacingMergeTree" : "ReplacingMergeTree";
        var problems = new List<string>();
        foreach (var (table, wanted) in expected)
        {
            var name = $"{options.Database}.{table}";
            if (!engines.TryGetValue(table, out var actualEngine))
            {
                problems.Add($"table {name} is missing");
                continue;
            }
            if (actualEngine != engine) problems.Add($"table {name} has engine {actualEngine}, expected {engine}");
            var actual = columns[table].ToDictionary(c => c.Name, c => c.Type);
            foreach (var (column, type) in wanted)
            {
                if (!actual.TryGetValue(column, out var actualType)) problems.Add($"column {name}.{column} ({type}) is missing");
                else if (actualType != type) problems.Add($"column {name}.{column} is {actualType}, expected {type}");
            }
        }
        return problems;
    }

    private static IEnumerable<string[]> Rows(string tsv) =>
        tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'));
}
