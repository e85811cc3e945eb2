using Torghut.Host.Configuration;
using Torghut.Host.Universe.Symbols;

namespace Torghut.Tests.Universe;

/// <summary>The symbol-store contract on PostgreSQL (DATABASE_URL), plus what only a networked database has:
/// URLs, credentials and their secrecy.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSymbolStoreTests(PostgresServerFixture postgres) : SymbolStoreContract
{
    private string _database = "";

    protected override async Task<ISymbolStore> CreateOnNewDatabaseAsync()
    {
        _database = await postgres.NewDatabaseAsync();
        return CreateOnSameDatabase();
    }

    protected override ISymbolStore CreateOnSameDatabase() => new PostgresSymbolStore(PostgresTarget.Parse(postgres.Server.Url(_database)));

    [Fact]
    public async Task A_wrong_password_fails_with_an_error_naming_the_database_and_never_the_password()
    {
        const string wrong = "Wr0ng-Pa55word-7731";
        var database = await postgres.NewDatabaseAsync();
        await using var store = new PostgresSymbolStore(PostgresTarget.Parse(postgres.Server.Url(database, password: wrong)));

        var error = await Should.ThrowAsync<SymbolStoreException>(store.ListAsync(AssetClasses.Crypto, false));

        error.Message.ShouldContain("password authentication failed");
        error.Message.ShouldContain($"127.0.0.1:{postgres.Server.Port}/{database}");
        error.ToString().ShouldNotContain(wrong);
        error.ToString().ShouldNotContain(postgres.Server.Password);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_with_an_error_naming_the_address_and_never_the_password()
    {
        var closed = Torghut.Tests.Storage.ClickHouseServerFixture.ClosedPort();
        const string password = "Unused-s3cret-4410";
        await using var store = new PostgresSymbolStore(PostgresTarget.Parse($"postgres://torghut:{password}@127.0.0.1:{closed}/symbols?connect_timeout=3"));

        var error = await Should.ThrowAsync<SymbolStoreException>(store.UpsertAsync(["AAPL"], AssetClasses.Equity, true));

        error.Message.ShouldContain($"127.0.0.1:{closed}/symbols");
        error.ToString().ShouldNotContain(password);
    }

    [Fact]
    public async Task A_url_with_an_escaped_password_and_an_npgsql_keyword_string_reach_the_same_database()
    {
        const string odd = "p@ss:w/rd%?&#1";
        var database = await postgres.NewDatabaseAsync();
        var owner = "owner_" + database;
        await postgres.ExecuteAsync($"CREATE ROLE {owner} LOGIN PASSWORD '{odd}'");
        await postgres.ExecuteAsync($"ALTER DATABASE {database} OWNER TO {owner}");
        await postgres.ExecuteAsync($"GRANT ALL ON SCHEMA public TO {owner}", database);

        var url = $"postgresql://{owner}:{Uri.EscapeDataString(odd)}@127.0.0.1:{postgres.Server.Port}/{database}?sslmode=disable&application_name=torghut-test";
        await using (var viaUrl = new PostgresSymbolStore(PostgresTarget.Parse(url)))
            await viaUrl.UpsertAsync(["SOL/USD"], AssetClasses.Crypto, enabled: true);

        var keywords = $"Host=127.0.0.1;Port={postgres.Server.Port};Username={owner};Password='{odd}';Database={database}";
        await using var viaKeywords = new PostgresSymbolStore(PostgresTarget.Parse(keywords));
        (await viaKeywords.ListAsync(AssetClasses.Crypto, false)).Select(r => r.Symbol).ShouldBe(["SOL/USD"]);
        PostgresTarget.Parse(url).ToString().ShouldBe($"{owner}@127.0.0.1:{postgres.Server.Port}/{database}");
    }

    [Theory]
    [InlineData("postgres://u:S3cret-in-url@db:5432/x?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://u:S3cret-in-url@db/x?sslcert=/c.pem", "unknown URL parameter 'sslcert'")]
    [InlineData("postgres://u:S3cret-in-url@/x", "DATABASE_URL")]
    [InlineData("Host=db;Password=S3cret-in-url;Bogus Key=1", "DATABASE_URL")]
    public void A_malformed_database_url_is_a_configuration_error_that_does_not_echo_the_password(string value, string expected)
    {
        var error = Should.Throw<ConfigException>(() => PostgresTarget.Parse(value));
        error.Message.ShouldContain(expected);
        error.ToString().ShouldNotContain("S3cret-in-url");
    }
}
