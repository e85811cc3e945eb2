using Torghut.Host.Universe.Symbols;
using Torghut.Tests.Support;

namespace Torghut.Tests.Universe;

/// <summary>The symbol-store contract on the default backend: a SQLite file.</summary>
public sealed class SqliteSymbolStoreTests : SymbolStoreContract
{
    private readonly TempDir _dir = new("torghut-symbols-sqlite");
    private string _file = "";

    protected override Task<ISymbolStore> CreateOnNewDatabaseAsync()
    {
        _file = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N"), "symbols.db"); // directory created by the store
        return Task.FromResult(CreateOnSameDatabase());
    }

    protected override ISymbolStore CreateOnSameDatabase() => new SqliteSymbolStore($"Data Source={_file}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
