using Npgsql;
using Torghut.LocalServers;

namespace Torghut.Tests.Universe;

/// <summary>
/// A real PostgreSQL (Debian's, see <see cref="PostgresLocalServer"/>) shared by a test collection; each test takes a
/// database of its own from <see cref="NewDatabaseAsync"/>, so tests never see each other's rows.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresLocalServer? _server;

    public PostgresLocalServer Server => _server ?? throw new InvalidOperationException("server not started");

    public async Task InitializeAsync() => _server = await PostgresLocalServer.StartAsync();

    public async Task<string> NewDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Runs a statement as the superuser on the maintenance database.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgresql";
}
