using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Torghut.Tests.Support;
using Torghut.Tests.Universe;

namespace Torghut.Tests.Web;

/// <summary>The real host's symbols service on each backend: what is written survives a restart; PostgreSQL
/// credentials never show in the host's output or answers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SymbolsDatabaseHostTests(PostgresServerFixture postgres) : IDisposable
{
    private const string Token = "db-test-admin-token";
    private readonly TempDir _data = new("torghut-symbols-host");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, string> Env(string? databaseUrl) => new()
    {
        ["TORGHUT_DATA_DIR"] = _data.Path, ["TORGHUT_ADMIN_TOKEN"] = Token, ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
        ["DATABASE_URL"] = databaseUrl ?? "",
    };

    private static HttpRequestMessage Post(string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    private static async Task<string[]> ListAsync(HttpClient http, string url) =>
        JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Symbols_written_through_the_api_are_still_there_after_the_host_restarts(string backend)
    {
        var databaseUrl = backend == "postgresql" ? postgres.Server.Url(await postgres.NewDatabaseAsync()) : null;
        var env = Env(databaseUrl);
        using var http = new HttpClient();

        await using (var host = await HostProcess.StartAsync("run", env))
        {
            var api = $"{host.BaseUrl}/api/torghut/symbols";
            (await http.SendAsync(Post(api, new { symbols = new[] { "doge/usd", "BTC/USD" }, assetClass = "crypto" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.SendAsync(Post(api, new { symbolsText = "nvda" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["BTC/USD", "DOGE/USD"]);
            (await host.StopAsync()).ShouldBe(0);
            host.Output.ShouldContain($"symbols database: {backend}");
            if (databaseUrl is not null) host.Output.ShouldNotContain(postgres.Server.Password);
        }

        await using (var restarted = await HostProcess.StartAsync("run", env))
        {
            var api = $"{restarted.BaseUrl}/api/torghut/symbols";
            (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["BTC/USD", "DOGE/USD"]);
            (await ListAsync(http, api + "?assetClass=equity")).ShouldBe(["NVDA"]);
        }
    }

    [Fact]
    public async Task A_wrong_database_password_answers_503_naming_the_database_and_the_password_appears_nowhere()
    {
        const string wrong = "Wr0ng-Host-Pa55-9127";
        var database = await postgres.NewDatabaseAsync();
        await using var host = await HostProcess.StartAsync("run", Env(postgres.Server.Url(database, password: wrong)));
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";

        var read = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, api + "?assetClass=crypto") { Headers = { Authorization = new("Bearer", Token) } });
        read.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable); // detail for the admin; anonymous readers get "unavailable"
        var body = await read.Content.ReadAsStringAsync();
        JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!.ShouldContain("password authentication failed");
        body.ShouldContain($"{database}");
        var write = await http.SendAsync(Post(api, new { symbols = new[] { "AAPL" } }));
        write.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        await host.StopAsync();
        foreach (var text in new[] { body, await write.Content.ReadAsStringAsync(), host.Output }) text.ShouldNotContain(wrong);
        host.Output.ShouldContain("password authentication failed"); // logged for the operator, without the password
    }

    [Fact]
    public async Task A_malformed_database_url_stops_run_with_a_configuration_error_that_does_not_echo_the_password()
    {
        var (code, output, err) = await CliRunner.RunAsync(new Dictionary<string, string?>
        {
            ["TORGHUT_PLUGINS_DIR"] = RepoPaths.HostPlugins, ["DATABASE_URL"] = "postgres://torghut:S3cret-Cli-Pw@db.internal:5432/jangar?sslmod=require",
        }, "run", "--url", $"http://127.0.0.1:{HostProcess.FreePort()}");

        code.ShouldBe(2);
        err.ShouldContain("DATABASE_URL: unknown URL parameter 'sslmod'");
        (output + err).ShouldNotContain("S3cret-Cli-Pw");
    }
}
