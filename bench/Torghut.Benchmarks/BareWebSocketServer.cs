using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Torghut.Benchmarks;

/// <summary>
/// The baseline of <c>sim-throughput</c>: bare Kestrel websockets sending one pre-serialized frame over and over as
/// fast as the socket takes it — what the platform can do with no simulator work at all.
/// </summary>
public sealed class BareWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareWebSocketServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BareWebSocketServer> StartAsync(ReadOnlyMemory<byte> frame)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async ctx =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest) { ctx.Response.StatusCode = 400; return; }
            using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
            try
            {
                while (!ctx.RequestAborted.IsCancellationRequested)
                    await ws.SendAsync(frame, WebSocketMessageType.Text, true, ctx.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
                // The client hung up: the measurement is over.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareWebSocketServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }
}
