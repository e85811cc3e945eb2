using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.AlpacaStream;
using Torghut.Host.Composition;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Gateway;

/// <summary>
/// The Alpaca gateway (issue #18): with <c>TORGHUT_GATEWAY_URL</c> set, `run` serves Alpaca's market-data websocket
/// endpoints on that URL from what Torghut publishes, so any number of local clients share Torghut's one venue
/// connection. Its own listener, apart from the status API: a different audience, and no admin surface next to it.
/// </summary>
public sealed class GatewayService(
    GatewayOptions options,
    InProcessTransport inProcess,
    ILaneSupervisor lanes,
    ITopicReader topicReader,
    Metrics.TorghutMetrics metrics,
    ILoggerFactory loggers) : BackgroundService, IHostComponent
{
    public GatewayStats Stats { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Settings is not { } settings) return;
        var logger = loggers.CreateLogger<GatewayService>();
        GatewayMetrics.Register(metrics, Stats);
        await using var subscriber = CreateSubscriber(options.Kafka, inProcess, loggers);
        var topics = options.Topics;
        var feed = new GatewayFeed(subscriber, [.. topics.All, topics.Corrections, topics.OrderBooks], Stats, logger);
        var universe = new GatewayUniverse(lanes, options);
        var history = new GatewayHistory(topicReader, topics.Bars, settings, universe.Symbols);
        await using var app = BuildApp(settings, feed, universe, history, Stats, loggers);
        await app.StartAsync(stoppingToken);
        logger.LogInformation("gateway serving Alpaca's stream protocol on {Url} for {Keys}", settings.Url,
            settings.Keys.ToString());
        try
        {
            await feed.RunAsync(stoppingToken);
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await app.StopAsync(timeout.Token);
        }
    }

    /// <summary>
    /// A reader of its own: a fresh group per process, starting at the newest records (Alpaca has no replay).
    /// </summary>
    internal static IRecordSubscriber CreateSubscriber(KafkaSettings? kafka, InProcessTransport inProcess,
        ILoggerFactory loggers)
    {
        var group = $"torghut-gateway-{Environment.MachineName}-{Guid.NewGuid():N}";
        if (kafka is null) return inProcess.CreateSubscriber(group, startAtLatest: true);
        var settings = kafka with
        {
            GroupId = group, AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Latest,
        };
        return new KafkaRecordSubscriber(settings, loggers.CreateLogger<KafkaRecordSubscriber>());
    }

    internal static WebApplication BuildApp(GatewaySettings settings, GatewayFeed feed, GatewayUniverse universe,
        GatewayHistory history, GatewayStats stats, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(settings.Url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Map("/v1beta3/crypto/{loc}",
            (HttpContext ctx) => ServeAsync(ctx, StreamChannels.Crypto, settings, feed, universe, stats));
        app.Map("/v2/{feed}",
            (HttpContext ctx) => ServeAsync(ctx, StreamChannels.Equity, settings, feed, universe, stats));
        app.MapGet("/v1beta3/crypto/{loc}/bars", (Delegate)((HttpContext ctx) => history.BarsAsync(ctx, crypto: true)));
        app.MapGet("/v2/stocks/bars", (Delegate)((HttpContext ctx) => history.BarsAsync(ctx, crypto: false)));
        app.MapGet("/status", () => Results.Json(new
        {
            clients = stats.Clients, connections = stats.Connections, envelopesRead = stats.EnvelopesRead,
            delivered = stats.Delivered, malformed = stats.Malformed, skipped = stats.Skipped,
            slowClients = stats.SlowClients,
        }));
        return app;
    }

    private static async Task ServeAsync(HttpContext ctx, StreamChannels channels, GatewaySettings settings,
        GatewayFeed feed, GatewayUniverse universe, GatewayStats stats)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            await ctx.Response.WriteAsJsonAsync(new { message = "websocket upgrade expected" });
            return;
        }
        // Like Alpaca: Content-Type: application/msgpack on the handshake selects MessagePack frames.
        var msgpack = ctx.Request.Headers.ContentType.ToString()
            .Contains("application/msgpack", StringComparison.OrdinalIgnoreCase);
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        var session = new GatewaySession(ctx, ws, channels, msgpack, settings, universe.Symbols, stats);
        stats.Connected();
        feed.Add(session);
        try
        {
            await session.RunAsync(ctx.RequestAborted);
        }
        finally
        {
            feed.Remove(session);
            stats.Disconnected();
        }
    }
}
