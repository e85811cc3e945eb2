using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace Torghut.Host.Universe.Symbols;

/// <summary>
/// The symbol universe in PostgreSQL (DATABASE_URL), in Jangar's own <c>torghut_symbols</c> table, so Torghut and
/// Jangar can share one database. The schema is created on first use (idempotent, serialized across hosts by an
/// advisory lock); every write is one transaction. Errors name the database, never its password.
/// </summary>
public sealed class PostgresSymbolStore : ISymbolStore, IAsyncDisposable
{
    // Any constant: two hosts creating the schema at once take turns instead of racing on the catalog.
    private const long SchemaLockKey = 0x746f7267_68757401;

    private readonly PostgresTarget _target;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _ready;

    public PostgresSymbolStore(PostgresTarget target)
    {
        _target = target;
        _dataSource = NpgsqlDataSource.Create(target.ConnectionString);
    }

    public Task<IReadOnlyList<SymbolRecord>> ListAsync(string? assetClass, bool includeDisabled, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<SymbolRecord>>(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT symbol, asset_class, enabled, updated_at FROM torghut_symbols WHERE (@class::text IS NULL OR asset_class = @class) " +
                "AND (@all OR enabled) ORDER BY symbol COLLATE \"C\"", connection);
            command.Parameters.Add(new NpgsqlParameter("class", NpgsqlDbType.Text) { Value = (object?)assetClass ?? DBNull.Value });
            command.Parameters.AddWithValue("all", includeDisabled);
            var result = new List<SymbolRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(new SymbolRecord(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3)));
            return result;
        }, cancellationToken);

    public Task<int> UpsertAsync(IReadOnlyList<string> symbols, string assetClass, bool enabled, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // One row per distinct symbol: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
            await using var command = new NpgsqlCommand(
                "INSERT INTO torghut_symbols(symbol, enabled, asset_class, updated_at) " +
                "SELECT DISTINCT s, @e, @c, @u FROM unnest(@s) AS s " +
                "ON CONFLICT (symbol) DO UPDATE SET enabled = excluded.enabled, asset_class = excluded.asset_class, updated_at = excluded.updated_at",
                connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = symbols.ToArray() });
            command.Parameters.AddWithValue("e", enabled);
            command.Parameters.AddWithValue("c", assetClass);
            command.Parameters.AddWithValue("u", Now());
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return symbols.Count;
        }, cancellationToken);

    public Task<bool> SetEnabledAsync(string symbol, bool enabled, string? assetClass, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "UPDATE torghut_symbols SET enabled = @e, asset_class = COALESCE(@c::text, asset_class), updated_at = @u WHERE symbol = @s", connection);
            command.Parameters.AddWithValue("s", symbol);
            command.Parameters.AddWithValue("e", enabled);
            command.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = (object?)assetClass ?? DBNull.Value });
            command.Parameters.AddWithValue("u", Now());
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<int> DeleteAsync(string symbol, string? assetClass, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM torghut_symbols WHERE symbol = @s AND (@c::text IS NULL OR asset_class = @c)", connection);
            command.Parameters.AddWithValue("s", symbol);
            command.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = (object?)assetClass ?? DBNull.Value });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Milliseconds, as the SQLite store and Jangar's updatedAt keep them.</summary>
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            if (!_ready) await EnsureSchemaAsync(connection, cancellationToken);
            return await body(connection);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Wrap(e);
        }
    }

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _init.WaitAsync(cancellationToken);
        try
        {
            if (_ready) return;
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"""
                SELECT pg_advisory_xact_lock({SchemaLockKey});
                CREATE TABLE IF NOT EXISTS torghut_symbols (
                  symbol TEXT PRIMARY KEY,
                  enabled BOOLEAN NOT NULL DEFAULT true,
                  asset_class TEXT NOT NULL DEFAULT 'equity',
                  updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
                CREATE INDEX IF NOT EXISTS torghut_symbols_enabled ON torghut_symbols(enabled);
                CREATE INDEX IF NOT EXISTS torghut_symbols_asset_class ON torghut_symbols(asset_class);
                """, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _ready = true;
        }
        finally { _init.Release(); }
    }

    /// <summary>
    /// Names the database and the driver's reason with the password removed; the driver's exception is kept as the
    /// inner one only when nothing in it carries the password.
    /// </summary>
    private SymbolStoreException Wrap(Exception e)
    {
        var reason = e is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : e.Message;
        var message = $"symbols database {_target.Describe()}: {_target.Redact(reason)}";
        return new SymbolStoreException(message, _target.Contains(e.ToString()) ? null : e);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
