using System.Runtime.InteropServices;
using System.Text;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

/// <summary>
/// ClickHouse 26.7 in-process: chDB's libchdb.so from npm (<c>@chdb/lib-linux-x64-gnu</c>, 543 MB, installed once into
/// artifacts/chdb and reused), loaded with NativeLibrary and called through delegates over its C API. One connection
/// per process (chDB keeps global state); calls are serialized.
/// </summary>
public sealed class ChdbEngine : IAsyncLifetime
{
    public const string Package = "@chdb/lib-linux-x64-gnu@26.7.3-stable.1";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr Connect(int argc, IntPtr[] argv);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr QueryN(IntPtr conn, byte[] query, UIntPtr queryLength, byte[] format, UIntPtr formatLength);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate IntPtr ResultPtr(IntPtr result);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate UIntPtr ResultLength(IntPtr result);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void Release(IntPtr handle);

    private readonly TempDir _data = new("torghut-chdb");
    private readonly object _lock = new();
    private IntPtr _library, _connection;
    private QueryN _query = null!;
    private ResultPtr _buffer = null!, _error = null!;
    private ResultLength _length = null!;
    private Release _destroy = null!, _close = null!;

    public static string CacheDir => Path.Combine(RepoPaths.Root, "artifacts", "chdb");
    public static string LibraryPath => Path.Combine(CacheDir, "node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so");
    public TimeSpan InstallTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (!File.Exists(LibraryPath))
        {
            Directory.CreateDirectory(CacheDir);
            var (code, output) = await ProcessRunner.RunAsync("npm", $"install --no-audit --no-fund --no-save {Package}", CacheDir, TimeSpan.FromMinutes(10));
            if (code != 0 || !File.Exists(LibraryPath)) throw new InvalidOperationException($"npm install {Package} failed:\n{output}");
        }
        InstallTime = clock.Elapsed;

        _library = NativeLibrary.Load(LibraryPath);
        T Fn<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(_library, name));
        _query = Fn<QueryN>("chdb_query_n");
        _buffer = Fn<ResultPtr>("chdb_result_buffer");
        _error = Fn<ResultPtr>("chdb_result_error");
        _length = Fn<ResultLength>("chdb_result_length");
        _destroy = Fn<Release>("chdb_destroy_query_result");
        _close = Fn<Release>("chdb_close_conn");
        var args = new[] { "clickhouse", $"--path={_data.Path}" }.Select(Marshal.StringToHGlobalAnsi).ToArray();
        try { _connection = Fn<Connect>("chdb_connect")(args.Length, args); }
        finally { foreach (var a in args) Marshal.FreeHGlobal(a); }
        if (_connection == IntPtr.Zero) throw new InvalidOperationException("chdb_connect failed");
    }

    /// <summary>Runs a statement; <paramref name="data"/> is appended after it (inline INSERT data, as a client would send).</summary>
    public string Query(string sql, ReadOnlySpan<byte> data = default)
    {
        var query = new byte[Encoding.UTF8.GetByteCount(sql) + (data.IsEmpty ? 0 : 1 + data.Length)];
        var n = Encoding.UTF8.GetBytes(sql, query);
        if (!data.IsEmpty)
        {
            query[n++] = (byte)'\n';
            data.CopyTo(query.AsSpan(n));
        }
        var format = "TabSeparated"u8.ToArray();
        lock (_lock)
        {
            // chdb_query_n takes the connection itself: chdb_connect returned a pointer to it.
            var result = _query(Marshal.ReadIntPtr(_connection), query, (UIntPtr)query.Length, format, (UIntPtr)format.Length);
            if (result == IntPtr.Zero) throw new StorageException("chDB returned no result for: " + sql);
            try
            {
                var error = _error(result);
                if (error != IntPtr.Zero) throw new StorageException($"chDB refused {sql}: {Marshal.PtrToStringUTF8(error)}");
                var length = (int)_length(result);
                return length == 0 ? "" : Marshal.PtrToStringUTF8(_buffer(result), length);
            }
            finally
            {
                _destroy(result);
            }
        }
    }

    public Task DisposeAsync()
    {
        // The connection is closed; the library stays loaded (unloading chDB's static state is not supported).
        if (_connection != IntPtr.Zero) _close(_connection);
        _data.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The store's transport over chDB: the same SQL text and RowBinary bytes the HTTP transport sends.</summary>
public sealed class ChdbTransport(ChdbEngine engine) : IClickHouseTransport
{
    public List<string> Statements { get; } = [];

    public Task<string> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        Statements.Add(sql);
        return Task.FromResult(engine.Query(sql));
    }

    /// <summary>
    /// chDB's C API has no separate data stream, so the same RowBinary bytes go through the <c>format()</c> table
    /// function as a string literal (every byte escaped as \xHH, structure from system.columns): the engine parses
    /// exactly the bytes the HTTP transport would send.
    /// </summary>
    public Task InsertAsync(string insertSql, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        Statements.Add(insertSql);
        var match = System.Text.RegularExpressions.Regex.Match(insertSql, @"^INSERT INTO `(\w+)`\.`(\w+)` \(([^)]*)\) FORMAT RowBinary$");
        match.Success.ShouldBeTrue(insertSql);
        var columns = match.Groups[3].Value.Split(", ");
        var types = TabSeparatedRows.Parse(engine.Query(
                $"SELECT name, type FROM system.columns WHERE database = '{match.Groups[1].Value}' AND table = '{match.Groups[2].Value}' FORMAT TabSeparated"))
            .ToDictionary(r => r.String(0), r => r.String(1));
        var structure = string.Join(", ", columns.Select(c => $"{c} {types[c]}"));
        var literal = new System.Text.StringBuilder(rows.Length * 4 + 2).Append('\'');
        foreach (var b in rows.Span) literal.Append("\\x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        literal.Append('\'');
        var head = insertSql[..insertSql.LastIndexOf(" FORMAT RowBinary", StringComparison.Ordinal)];
        engine.Query($"{head} SELECT * FROM format(RowBinary, {ClickHouseQueries.Quote(structure)}, {literal})");
        return Task.CompletedTask;
    }

    public void Dispose() { }
}

[CollectionDefinition(Name)]
public sealed class ChdbCollection : ICollectionFixture<ChdbEngine>
{
    public const string Name = "chdb-26.7";
}
