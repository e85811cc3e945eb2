using System.Net.Sockets;
using Torghut.Host.Storage.ClickHouse;
using Torghut.LocalServers;

namespace Torghut.Tests.Storage;

/// <summary>
/// A real ClickHouse 18.16 server for the storage tests (see <see cref="ClickHouseLocalServer"/>), shared by a test
/// collection. Users: <c>default</c> (no password) and <c>torghut</c> with <see cref="Password"/>.
/// </summary>
public sealed class ClickHouseServerFixture : IAsyncLifetime
{
    public const string User = "torghut";
    public const string Password = "Sup3r-s3cret-pw!";

    private ClickHouseLocalServer? _server;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("server not started");
    public int TcpPort => _server?.TcpPort ?? throw new InvalidOperationException("server not started");

    /// <summary>Options for a fresh database of its own, so tests sharing the server never see each other's rows.</summary>
    public ClickHouseOptions Options(int batchSize = 500) => new()
    {
        Url = Url, User = User, Password = Password, Database = "t_" + Guid.NewGuid().ToString("N")[..12],
        BatchSize = batchSize, InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public async Task InitializeAsync() => _server = await ClickHouseLocalServer.StartAsync([(User, Password)]);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseServerFixture>
{
    public const string Name = "clickhouse-18.16";
}
