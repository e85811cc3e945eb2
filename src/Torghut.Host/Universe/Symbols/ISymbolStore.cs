namespace Torghut.Host.Universe.Symbols;

/// <summary>Persistence of the managed universe (SQLite file by default).</summary>
public interface ISymbolStore
{
    Task<IReadOnlyList<SymbolRecord>> ListAsync(string? assetClass, bool includeDisabled, CancellationToken cancellationToken = default);

    /// <summary>Inserts or updates every symbol in one transaction (all or nothing).</summary>
    Task<int> UpsertAsync(IReadOnlyList<string> symbols, string assetClass, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Sets enabled (and optionally the asset class); false when the symbol is unknown.</summary>
    Task<bool> SetEnabledAsync(string symbol, bool enabled, string? assetClass, CancellationToken cancellationToken = default);

    /// <summary>Deletes the symbol (only if it has that asset class, when given); returns rows deleted.</summary>
    Task<int> DeleteAsync(string symbol, string? assetClass, CancellationToken cancellationToken = default);
}
