using System.Net.Http.Headers;
using System.Text;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// ClickHouse's HTTP interface, which every version from 18.16 on speaks the same way: SQL in the POST body (or in
/// <c>query=</c> with the data as the body for INSERT), credentials in X-ClickHouse-User / X-ClickHouse-Key headers
/// (never in the URL, so no URL this class prints can hold a secret). A non-200 answer is an error whose body is
/// ClickHouse's message.
/// </summary>
public sealed class ClickHouseHttp : IClickHouseTransport
{
    private readonly ClickHouseOptions _options;
    private readonly HttpClient _http;

    public ClickHouseHttp(ClickHouseOptions options)
    {
        _options = options;
        _http = new HttpClient { BaseAddress = options.Url, Timeout = options.RequestTimeout };
    }

    /// <summary>Runs one statement and returns the response body.</summary>
    public Task<string> QueryAsync(string sql, CancellationToken cancellationToken) =>
        SendAsync("", new StringContent(sql, Encoding.UTF8, "text/plain"), Describe(sql), cancellationToken);

    /// <summary>Sends <paramref name="rows"/> to an <c>INSERT … FORMAT …</c>; returns once ClickHouse has written them.</summary>
    public Task InsertAsync(string insertSql, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(rows);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return SendAsync("?query=" + Uri.EscapeDataString(insertSql), content, Describe(insertSql), cancellationToken);
    }

    private async Task<string> SendAsync(string pathAndQuery, HttpContent content, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = content };
        request.Headers.Add("X-ClickHouse-User", _options.User);
        if (_options.Password.Length > 0) request.Headers.Add("X-ClickHouse-Key", _options.Password);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new StorageException(Scrub($"ClickHouse at {_options.SafeUrl} unreachable ({what}): {e.Message}"), null);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageException($"ClickHouse at {_options.SafeUrl} did not answer within {_options.RequestTimeout.TotalSeconds:0} s ({what})", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return body;
            var message = body.Length > 600 ? body[..600] + "…" : body.Trim();
            throw new StorageException(Scrub($"ClickHouse at {_options.SafeUrl} refused {what}: HTTP {(int)response.StatusCode}: {message}"));
        }
    }

    /// <summary>The statement's first words, so an error says what failed without dumping whole DDL.</summary>
    private static string Describe(string sql)
    {
        var oneLine = sql.ReplaceLineEndings(" ");
        return oneLine.Length > 80 ? oneLine[..80] + "…" : oneLine;
    }

    /// <summary>Defence in depth: should any message ever echo the password, it is masked.</summary>
    private string Scrub(string message) =>
        _options.Password.Length > 0 ? message.Replace(_options.Password, "***", StringComparison.Ordinal) : message;

    public void Dispose() => _http.Dispose();
}
