using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Torghut.Tests.Support;

/// <summary>A real HTTP server on loopback whose answer the test changes as it goes (stands in for Jangar).</summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile Func<HttpContext, Task> _handler = ctx => ctx.Response.WriteAsync("{}");

    private ScriptedHttpServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }
    public int Requests;
    public string? LastQuery { get; private set; }
    public System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, string Body)> Received { get; } = new();

    public void Respond(int status, string body, TimeSpan? delay = null) => _handler = async ctx =>
    {
        if (delay is { } d) await Task.Delay(d, ctx.RequestAborted);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body, ctx.RequestAborted);
    };

    /// <summary>Answers with <paramref name="handler"/> (the request body is already read: see <see cref="Received"/>).</summary>
    public void Handle(Func<HttpContext, Task> handler) => _handler = handler;

    public static async Task<ScriptedHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedHttpServer? server = null;
        app.Run(async ctx =>
        {
            Interlocked.Increment(ref server!.Requests);
            server.LastQuery = ctx.Request.QueryString.Value;
            using var reader = new StreamReader(ctx.Request.Body);
            server.Received.Enqueue((ctx.Request.Method, ctx.Request.Path.Value ?? "", await reader.ReadToEndAsync()));
            try { await server._handler(ctx); }
            catch (OperationCanceledException) { }
        });
        await app.StartAsync();
        server = new ScriptedHttpServer(app, app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
