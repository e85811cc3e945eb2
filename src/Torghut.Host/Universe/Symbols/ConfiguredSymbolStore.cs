using Torghut.Host.Composition;
using Torghut.Host.Configuration;

namespace Torghut.Host.Universe.Symbols;

/// <summary>
/// The symbol store the configuration selects: PostgreSQL when DATABASE_URL (Jangar's name for the database holding
/// torghut_symbols) is set, else the SQLite file (TORGHUT_SYMBOLS_DB, else TORGHUT_DATA_DIR/symbols.db). Nothing
/// else knows which one runs.
/// </summary>
public sealed class ConfiguredSymbolStore : ISymbolStore, IHostComponent, IAsyncDisposable
{
    private readonly ISymbolStore _inner;

    public ConfiguredSymbolStore(SymbolsOptions options) => _inner = Create(options);

    public static ISymbolStore Create(SymbolsOptions options) =>
        TargetOf(options) is { } target ? new PostgresSymbolStore(target) : SqliteSymbolStore.From(options);

    /// <summary>What `run` prints about the symbols database (no password). Throws ConfigException on a bad DATABASE_URL.</summary>
    public static string Describe(SymbolsOptions options)
    {
        if (TargetOf(options) is { } target) return $"postgresql {target.Describe()}";
        try { return $"sqlite {SqliteSymbolStore.From(options).DataSource}"; }
        catch (ArgumentException) { throw new ConfigException($"{ConfigKeys.SymbolsDb} is not a valid SQLite connection string"); }
    }

    private static PostgresTarget? TargetOf(SymbolsOptions options) =>
        options.DatabaseUrl is { } url ? PostgresTarget.Parse(url) : null;

    public Task<IReadOnlyList<SymbolRecord>> ListAsync(string? assetClass, bool includeDisabled, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(assetClass, includeDisabled, cancellationToken);

    public Task<int> UpsertAsync(IReadOnlyList<string> symbols, string assetClass, bool enabled, CancellationToken cancellationToken = default) =>
        _inner.UpsertAsync(symbols, assetClass, enabled, cancellationToken);

    public Task<bool> SetEnabledAsync(string symbol, bool enabled, string? assetClass, CancellationToken cancellationToken = default) =>
        _inner.SetEnabledAsync(symbol, enabled, assetClass, cancellationToken);

    public Task<int> DeleteAsync(string symbol, string? assetClass, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(symbol, assetClass, cancellationToken);

    public ValueTask DisposeAsync() => _inner is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;
}
