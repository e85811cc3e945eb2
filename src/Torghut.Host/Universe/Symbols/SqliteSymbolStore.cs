using Microsoft.Data.Sqlite;
using Torghut.Host.Configuration;

namespace Torghut.Host.Universe.Symbols;

/// <summary>
/// The symbol universe in a SQLite file (TORGHUT_SYMBOLS_DB connection string, else symbols.db in the data directory,
/// see <see cref="Storage.DataDirectory"/>). Same table shape as Jangar's torghut_symbols, so moving the rows is a plain
/// copy. Every write is one transaction.
/// </summary>
public sealed class SqliteSymbolStore(string connectionString) : ISymbolStore
{
    private readonly string _connectionString = connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _ready;

    /// <summary>TORGHUT_SYMBOLS_DB when set, else symbols.db in the data directory.</summary>
    public static SqliteSymbolStore From(SymbolsOptions options)
    {
        if (options.SymbolsDb is { } configured) return new SqliteSymbolStore(configured);
        return new SqliteSymbolStore(new SqliteConnectionStringBuilder
            { DataSource = Path.Combine(options.DataDir, "symbols.db") }.ToString());
    }

    /// <summary>The database file (for `run`'s startup line).</summary>
    public string DataSource => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public Task<IReadOnlyList<SymbolRecord>> ListAsync(string? assetClass, bool includeDisabled, CancellationToken cancellationToken = default) =>
        RunAsync(() => ListCoreAsync(assetClass, includeDisabled, cancellationToken));

    public Task<int> UpsertAsync(IReadOnlyList<string> symbols, string assetClass, bool enabled, CancellationToken cancellationToken = default) =>
        RunAsync(() => UpsertCoreAsync(symbols, assetClass, enabled, cancellationToken));

    public Task<bool> SetEnabledAsync(string symbol, bool enabled, string? assetClass, CancellationToken cancellationToken = default) =>
        RunAsync(() => SetEnabledCoreAsync(symbol, enabled, assetClass, cancellationToken));

    public Task<int> DeleteAsync(string symbol, string? assetClass, CancellationToken cancellationToken = default) =>
        RunAsync(() => DeleteCoreAsync(symbol, assetClass, cancellationToken));

    /// <summary>Driver errors become the store's own (the endpoints answer 503 with them).</summary>
    private async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        try { return await body(); }
        catch (SqliteException e) { throw new SymbolStoreException($"symbols database {DataSource}: {e.Message}", e); }
    }

    private async Task<IReadOnlyList<SymbolRecord>> ListCoreAsync(string? assetClass, bool includeDisabled, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT symbol, asset_class, enabled, updated_at FROM torghut_symbols WHERE ($class IS NULL OR asset_class = $class) " +
                              "AND ($all = 1 OR enabled = 1) ORDER BY symbol";
        command.Parameters.AddWithValue("$class", (object?)assetClass ?? DBNull.Value);
        command.Parameters.AddWithValue("$all", includeDisabled ? 1 : 0);
        var result = new List<SymbolRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new SymbolRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1,
                DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture)));
        return result;
    }

    private async Task<int> UpsertCoreAsync(IReadOnlyList<string> symbols, string assetClass, bool enabled, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Now();
        foreach (var symbol in symbols)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO torghut_symbols(symbol, enabled, asset_class, updated_at) VALUES ($s, $e, $c, $u) " +
                                  "ON CONFLICT(symbol) DO UPDATE SET enabled = excluded.enabled, asset_class = excluded.asset_class, updated_at = excluded.updated_at";
            command.Parameters.AddWithValue("$s", (object?)symbol ?? DBNull.Value); // NULL: the NOT NULL constraint refuses the batch
            command.Parameters.AddWithValue("$e", enabled ? 1 : 0);
            command.Parameters.AddWithValue("$c", assetClass);
            command.Parameters.AddWithValue("$u", now);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return symbols.Count;
    }

    private async Task<bool> SetEnabledCoreAsync(string symbol, bool enabled, string? assetClass, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE torghut_symbols SET enabled = $e, asset_class = COALESCE($c, asset_class), updated_at = $u WHERE symbol = $s";
        command.Parameters.AddWithValue("$s", symbol);
        command.Parameters.AddWithValue("$e", enabled ? 1 : 0);
        command.Parameters.AddWithValue("$c", (object?)assetClass ?? DBNull.Value);
        command.Parameters.AddWithValue("$u", Now());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<int> DeleteCoreAsync(string symbol, string? assetClass, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM torghut_symbols WHERE symbol = $s AND ($c IS NULL OR asset_class = $c)";
        command.Parameters.AddWithValue("$s", symbol);
        command.Parameters.AddWithValue("$c", (object?)assetClass ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await _init.WaitAsync(cancellationToken);
            try
            {
                if (!_ready)
                {
                    var source = new SqliteConnectionStringBuilder(_connectionString).DataSource;
                    if (!string.IsNullOrEmpty(source) && source != ":memory:") Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(source))!);
                    await using var setup = new SqliteConnection(_connectionString);
                    await setup.OpenAsync(cancellationToken);
                    await using var command = setup.CreateCommand();
                    command.CommandText = """
                        PRAGMA journal_mode = WAL;
                        CREATE TABLE IF NOT EXISTS torghut_symbols (
                          symbol TEXT NOT NULL PRIMARY KEY,
                          enabled INTEGER NOT NULL DEFAULT 1,
                          asset_class TEXT NOT NULL DEFAULT 'equity',
                          updated_at TEXT NOT NULL);
                        CREATE INDEX IF NOT EXISTS torghut_symbols_enabled ON torghut_symbols(enabled);
                        CREATE INDEX IF NOT EXISTS torghut_symbols_asset_class ON torghut_symbols(asset_class);
                        """;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    _ready = true;
                }
            }
            finally { _init.Release(); }
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
