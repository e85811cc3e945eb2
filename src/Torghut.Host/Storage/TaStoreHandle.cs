using Torghut.Host.Composition;

namespace Torghut.Host.Storage;

/// <summary>
/// The TA store this process reads, whoever opened it: the TA worker's (roles <c>ta</c>, <c>all</c>) or the ingest
/// role's read-only one (eligibility and SLOs need the TA tables). Web and Gates read the store through this handle
/// only; null while none is open (the worker is starting, or its store failed for good).
/// </summary>
public sealed class TaStoreHandle : IHostComponent
{
    private ITaStore? _store;

    public ITaStore? Current => Volatile.Read(ref _store);

    /// <summary>The TA worker's store: it replaces a read-only one.</summary>
    public void Open(ITaStore store) => Volatile.Write(ref _store, store);

    /// <summary>A read-only store, used only while no worker's store is open.</summary>
    public void OpenIfNone(ITaStore store) => Interlocked.CompareExchange(ref _store, store, null);

    /// <summary>Closes <paramref name="store"/> if it is still the current one.</summary>
    public void Close(ITaStore store) => Interlocked.CompareExchange(ref _store, null, store);
}
