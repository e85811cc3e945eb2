namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// How statements reach ClickHouse. Production uses <see cref="ClickHouseHttp"/>; the tests also run the store over
/// an embedded current engine (chDB) through this seam, to prove the modern DDL and every query valid there.
/// </summary>
public interface IClickHouseTransport : IDisposable
{
    /// <summary>Runs one statement and returns its output; throws <see cref="StorageException"/> on any failure.</summary>
    Task<string> QueryAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Runs <c>INSERT … FORMAT RowBinary</c> with <paramref name="rows"/> as its data; returns once written.</summary>
    Task InsertAsync(string insertSql, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken);
}
