using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Universe;
using Torghut.Host.Universe.Symbols;
using Torghut.Tests.Support;

namespace Torghut.Tests.Universe;

/// <summary>With no symbols URL the host's own store is the lane's universe, under the same rules as the service.</summary>
public sealed class StoreUniverseTests : IDisposable
{
    private static readonly ISymbolCodec Crypto = AlpacaLane.Plugin("Alpaca.Crypto").SymbolCodec!;
    private readonly TempDir _dir = new("torghut-store-universe");
    private readonly SqliteSymbolStore _store;

    public StoreUniverseTests() => _store = new SqliteSymbolStore($"Data Source={Path.Combine(_dir.Path, "symbols.db")}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private UniverseTracker Tracker(IReadOnlyList<string> configured) =>
        new("crypto", Crypto, configured, new UniverseOptions(null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)),
            new HttpClient(), NullLogger.Instance, store: _store, assetClass: AssetClasses.Crypto);

    [Fact]
    public async Task The_first_run_seeds_the_configured_pairs_and_later_runs_keep_what_the_user_stored()
    {
        (await Tracker(["BTC/USD", "ETH/USD", "SOL/USD"]).SeedAsync(CancellationToken.None)).ShouldBeTrue();
        (await _store.ListAsync(AssetClasses.Crypto, false)).Select(r => r.Symbol).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);

        await _store.SetEnabledAsync("SOL/USD", false, null);
        var restarted = Tracker(["BTC/USD", "ETH/USD", "SOL/USD"]);
        (await restarted.SeedAsync(CancellationToken.None)).ShouldBeFalse();
        (await restarted.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "ETH/USD"]);
    }

    [Fact]
    public async Task Adds_disables_and_deletes_in_the_store_change_the_desired_list()
    {
        var tracker = Tracker(["BTC/USD", "ETH/USD"]);
        await tracker.SeedAsync(CancellationToken.None);
        await _store.UpsertAsync(["DOGE/USD"], AssetClasses.Crypto, true);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "DOGE/USD", "ETH/USD"]);
        await _store.SetEnabledAsync("DOGE/USD", false, null);
        await _store.DeleteAsync("ETH/USD", null);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD"]);
        await _store.UpsertAsync(["AAPL"], AssetClasses.Equity, true);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD"]); // the other asset class is not this lane's
    }

    [Fact]
    public async Task Disabling_every_pair_keeps_the_last_subscription_instead_of_wiping_it()
    {
        var tracker = Tracker(["BTC/USD", "ETH/USD"]);
        await tracker.SeedAsync(CancellationToken.None);
        await _store.SetEnabledAsync("BTC/USD", false, null);
        await _store.SetEnabledAsync("ETH/USD", false, null);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "ETH/USD"]);
        tracker.Degraded.ShouldBeTrue();
        tracker.LastFailure.ShouldBe("empty_result");
    }

    [Fact]
    public async Task A_symbols_url_wins_over_the_store()
    {
        var viaUrl = new UniverseTracker("crypto", Crypto, ["BTC/USD"],
            new UniverseOptions(new Uri("http://127.0.0.1:9/api/torghut/symbols"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            new HttpClient(), NullLogger.Instance, store: _store, assetClass: AssetClasses.Crypto);
        (await viaUrl.SeedAsync(CancellationToken.None)).ShouldBeFalse();
        (await _store.ListAsync(AssetClasses.Crypto, includeDisabled: true)).ShouldBeEmpty();
    }
}
