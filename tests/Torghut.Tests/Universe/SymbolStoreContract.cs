using Torghut.Host.Universe.Symbols;

namespace Torghut.Tests.Universe;

/// <summary>
/// What every <see cref="ISymbolStore"/> must do (Jangar's torghut_symbols semantics), run against each backend:
/// SQLite (the default) and PostgreSQL (DATABASE_URL).
/// </summary>
public abstract class SymbolStoreContract : IAsyncLifetime
{
    private readonly List<ISymbolStore> _stores = [];

    /// <summary>A store on a fresh, empty database.</summary>
    protected abstract Task<ISymbolStore> CreateOnNewDatabaseAsync();

    /// <summary>Another store on the database of the last <see cref="CreateOnNewDatabaseAsync"/> (a host restart).</summary>
    protected abstract ISymbolStore CreateOnSameDatabase();

    protected async Task<ISymbolStore> NewStoreAsync() => Track(await CreateOnNewDatabaseAsync());

    protected ISymbolStore Reopen() => Track(CreateOnSameDatabase());

    private ISymbolStore Track(ISymbolStore store)
    {
        _stores.Add(store);
        return store;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
            if (store is IAsyncDisposable d) await d.DisposeAsync();
    }

    private static async Task<string[]> Symbols(ISymbolStore store, string? assetClass, bool includeDisabled = false) =>
        (await store.ListAsync(assetClass, includeDisabled)).Select(r => r.Symbol).ToArray();

    [Fact]
    public async Task Lists_the_enabled_symbols_of_an_asset_class_in_byte_order_and_the_disabled_ones_on_request()
    {
        var store = await NewStoreAsync();
        (await store.UpsertAsync(["SOL/USD", "BTC/USD", "ETH/USD"], AssetClasses.Crypto, enabled: true)).ShouldBe(3);
        await store.UpsertAsync(["MSFT", "BRKA", "BRK.B"], AssetClasses.Equity, enabled: true);
        await store.UpsertAsync(["DOGE/USD"], AssetClasses.Crypto, enabled: false);

        (await Symbols(store, AssetClasses.Crypto)).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);
        (await Symbols(store, AssetClasses.Crypto, includeDisabled: true)).ShouldBe(["BTC/USD", "DOGE/USD", "ETH/USD", "SOL/USD"]);
        (await Symbols(store, AssetClasses.Equity)).ShouldBe(["BRK.B", "BRKA", "MSFT"]); // '.' sorts before letters, as in SQLite
        (await Symbols(store, null, includeDisabled: true)).Length.ShouldBe(7);
        var doge = (await store.ListAsync(AssetClasses.Crypto, true)).Single(r => r.Symbol == "DOGE/USD");
        (doge.AssetClass, doge.Enabled).ShouldBe((AssetClasses.Crypto, false));
    }

    [Fact]
    public async Task An_upsert_overwrites_enabled_asset_class_and_updated_at_because_the_symbol_alone_is_the_key()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(["BTC/USD"], AssetClasses.Equity, enabled: true);
        var first = (await store.ListAsync(null, true)).Single();
        first.UpdatedAt.Offset.ShouldBe(TimeSpan.Zero);
        (DateTimeOffset.UtcNow - first.UpdatedAt).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
        await Task.Delay(20);

        await store.UpsertAsync(["BTC/USD", "BTC/USD"], AssetClasses.Crypto, enabled: false);

        var row = (await store.ListAsync(null, true)).ShouldHaveSingleItem();
        (row.Symbol, row.AssetClass, row.Enabled).ShouldBe(("BTC/USD", AssetClasses.Crypto, false));
        row.UpdatedAt.ShouldBeGreaterThan(first.UpdatedAt);
        (await Symbols(store, AssetClasses.Equity, includeDisabled: true)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Enable_and_disable_change_only_known_symbols_and_may_move_the_asset_class()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(["AAPL", "MSFT"], AssetClasses.Equity, enabled: true);

        (await store.SetEnabledAsync("NVDA", false, null)).ShouldBeFalse();
        (await Symbols(store, null, includeDisabled: true)).ShouldBe(["AAPL", "MSFT"]); // nothing created

        (await store.SetEnabledAsync("AAPL", false, null)).ShouldBeTrue();
        (await Symbols(store, AssetClasses.Equity)).ShouldBe(["MSFT"]);
        (await store.SetEnabledAsync("AAPL", true, null)).ShouldBeTrue();
        (await Symbols(store, AssetClasses.Equity)).ShouldBe(["AAPL", "MSFT"]);

        (await store.SetEnabledAsync("MSFT", true, AssetClasses.Crypto)).ShouldBeTrue();
        (await Symbols(store, AssetClasses.Crypto)).ShouldBe(["MSFT"]);
        (await Symbols(store, AssetClasses.Equity)).ShouldBe(["AAPL"]);
    }

    [Fact]
    public async Task Delete_removes_a_symbol_only_under_its_own_asset_class_when_one_is_given()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(["ETH/USD", "SOL/USD"], AssetClasses.Crypto, enabled: true);

        (await store.DeleteAsync("ETH/USD", AssetClasses.Equity)).ShouldBe(0);
        (await Symbols(store, AssetClasses.Crypto)).ShouldBe(["ETH/USD", "SOL/USD"]);
        (await store.DeleteAsync("ETH/USD", AssetClasses.Crypto)).ShouldBe(1);
        (await store.DeleteAsync("ETH/USD", AssetClasses.Crypto)).ShouldBe(0);
        (await store.DeleteAsync("SOL/USD", null)).ShouldBe(1);
        (await Symbols(store, null, includeDisabled: true)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_batch_the_database_refuses_writes_nothing_and_leaves_earlier_rows_as_they_were()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(["BTC/USD"], AssetClasses.Crypto, enabled: true);

        // The second symbol breaks the NOT NULL constraint after the first was accepted by the statement.
        await Should.ThrowAsync<SymbolStoreException>(store.UpsertAsync(["BTC/USD", null!, "ETH/USD"], AssetClasses.Crypto, enabled: false));

        var rows = await store.ListAsync(null, includeDisabled: true);
        rows.Select(r => (r.Symbol, r.Enabled)).ShouldBe([("BTC/USD", true)]);
    }

    [Fact]
    public async Task Rows_survive_a_restart_and_creating_the_schema_again_keeps_them()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(["BTC/USD", "ETH/USD"], AssetClasses.Crypto, enabled: true);
        await store.SetEnabledAsync("ETH/USD", false, null);

        var restarted = Reopen();
        (await Symbols(restarted, AssetClasses.Crypto)).ShouldBe(["BTC/USD"]);
        var again = Reopen();
        await again.UpsertAsync(["AAPL"], AssetClasses.Equity, enabled: true);
        (await Symbols(again, null, includeDisabled: true)).ShouldBe(["AAPL", "BTC/USD", "ETH/USD"]);
    }

    [Fact]
    public async Task Two_hosts_starting_on_an_empty_database_at_once_both_create_the_schema_and_write()
    {
        var first = await NewStoreAsync();
        var second = Reopen();
        await Task.WhenAll(
            first.UpsertAsync(["BTC/USD"], AssetClasses.Crypto, enabled: true),
            second.UpsertAsync(["ETH/USD"], AssetClasses.Crypto, enabled: true));
        (await Symbols(first, AssetClasses.Crypto)).ShouldBe(["BTC/USD", "ETH/USD"]);
    }
}
