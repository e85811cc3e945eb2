using System.Net;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Rest;
using Alpaca.Simulator.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>
/// A running Alpaca-compatible simulator: Kestrel on 127.0.0.1 serving the websocket streams, REST bars and the
/// admin endpoints. Start with <see cref="StartAsync"/>, dispose to stop.
/// </summary>
public sealed class AlpacaSimulatorServer : IRunningSimulator
{
    private readonly WebApplication _app;
    private readonly SimulatorContext _sim;

    private AlpacaSimulatorServer(WebApplication app, SimulatorContext sim, int port)
    {
        _app = app;
        _sim = sim;
        Port = port;
        StreamBaseUrl = new Uri($"ws://127.0.0.1:{port}");
        RestBaseUrl = new Uri($"http://127.0.0.1:{port}");
        Settings = new Dictionary<string, string>
        {
            ["ALPACA_STREAM_URL"] = StreamBaseUrl.ToString().TrimEnd('/'),
            ["ALPACA_BASE_URL"] = RestBaseUrl.ToString().TrimEnd('/'),
        };
    }

    /// <summary>The websocket paths served (Alpaca's real paths).</summary>
    public static IReadOnlyCollection<string> StreamPaths => StreamDefinition.All.Keys.ToList();

    public int Port { get; }
    public Uri StreamBaseUrl { get; }
    public Uri RestBaseUrl { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }

    public SimulatorConfig Config => _sim.Config;

    /// <summary>The simulated clock everything follows.</summary>
    public SimClock Clock => _sim.Clock;

    /// <summary>What was actually published (per symbol and channel, and bars per minute).</summary>
    public GroundTruth Truth => _sim.Truth;

    /// <summary>Runtime fault control (same as POST /admin/faults).</summary>
    public FaultController Faults => _sim.Faults;

    /// <summary>Symbols whose trades are generated at maximum rate for subscribed clients (benchmark mode).</summary>
    public IReadOnlyList<string> FirehoseSymbols
    {
        get => _sim.FirehoseSymbols;
        set => _sim.FirehoseSymbols = value.ToArray();
    }

    /// <summary>ws://127.0.0.1:PORT + path, e.g. <c>StreamUrl("/v2/iex")</c>.</summary>
    public Uri StreamUrl(string path) => new(StreamBaseUrl, path);

    /// <summary>
    /// The bar of a minute as a client could know it now (null: not published, or no bar): the final 1-minute bar
    /// (the updatedBar's version) once that was published, the preliminary one before.
    /// </summary>
    public Market.SimBar? ExpectedBar(string symbol, DateTimeOffset minute) => ExpectedBar(symbol, minute, _sim.Clock.NowNanos);

    /// <summary>
    /// The bar of a minute as a client could know it at simulated instant <paramref name="asOfNanos"/> (a test that
    /// stopped its client compares against the venue as it was then, not against updates published afterwards).
    /// </summary>
    public Market.SimBar? ExpectedBar(string symbol, DateTimeOffset minute, long asOfNanos) =>
        _sim.Market.BarAsOf(symbol, Market.MarketModel.MinuteOf(NanoTimestamp.FromDateTimeOffset(minute).UnixNanoseconds), asOfNanos);

    /// <summary>
    /// Every trade the venue published for <paramref name="symbol"/> with <c>t</c> in [<paramref name="from"/>,
    /// <paramref name="to"/>] (both inclusive), as of the simulator's now: all trades of those minutes whether or not a
    /// client was connected (the venue publishes regardless), a late trade only once its publish time has passed.
    /// Sorted by time, then id — exactly what REST <c>/trades</c> answers for the same window.
    /// </summary>
    /// <param name="asOf">The venue as it was at this earlier instant (a test that stopped its client); default and
    /// cap: now.</param>
    public IReadOnlyList<TruthTrade> TradesBetween(string symbol, NanoTimestamp from, NanoTimestamp to, NanoTimestamp? asOf = null) =>
        Market.MarketHistory.Visible(_sim.Market, symbol, trades: true, from.UnixNanoseconds, to.UnixNanoseconds, AsOf(asOf))
            .Select(x => x.Event)
            .Select(e => new TruthTrade(e.Symbol, e.TradeId, new NanoTimestamp(e.TimeNanos), e.Price, e.Size,
                e.Class == Market.AssetClass.Equity ? e.Exchange.ToString() : null,
                e.Class == Market.AssetClass.Crypto ? e.Side.ToString() : null, new NanoTimestamp(e.PublishNanos)))
            .ToList();

    private long AsOf(NanoTimestamp? asOf) => Math.Min(asOf?.UnixNanoseconds ?? long.MaxValue, _sim.Clock.NowNanos);

    /// <inheritdoc cref="TradesBetween(string, NanoTimestamp, NanoTimestamp, NanoTimestamp?)"/>
    public IReadOnlyList<TruthTrade> TradesBetween(string symbol, DateTimeOffset from, DateTimeOffset to) =>
        TradesBetween(symbol, NanoTimestamp.FromDateTimeOffset(from), NanoTimestamp.FromDateTimeOffset(to));

    /// <summary>Every quote the venue published for <paramref name="symbol"/> with <c>t</c> in [from, to], as of now, by time.</summary>
    /// <param name="asOf">As in <see cref="TradesBetween(string, NanoTimestamp, NanoTimestamp, NanoTimestamp?)"/>.</param>
    public IReadOnlyList<TruthQuote> QuotesBetween(string symbol, NanoTimestamp from, NanoTimestamp to, NanoTimestamp? asOf = null) =>
        Market.MarketHistory.Visible(_sim.Market, symbol, trades: false, from.UnixNanoseconds, to.UnixNanoseconds, AsOf(asOf))
            .Select(x => x.Event)
            .Select(e => new TruthQuote(e.Symbol, new NanoTimestamp(e.TimeNanos), e.BidPrice, e.BidSize, e.AskPrice, e.AskSize,
                e.Class == Market.AssetClass.Equity ? e.BidExchange.ToString() : null,
                e.Class == Market.AssetClass.Equity ? e.AskExchange.ToString() : null))
            .ToList();

    /// <inheritdoc cref="QuotesBetween(string, NanoTimestamp, NanoTimestamp, NanoTimestamp?)"/>
    public IReadOnlyList<TruthQuote> QuotesBetween(string symbol, DateTimeOffset from, DateTimeOffset to) =>
        QuotesBetween(symbol, NanoTimestamp.FromDateTimeOffset(from), NanoTimestamp.FromDateTimeOffset(to));

    /// <summary>Starts a simulator.</summary>
    /// <exception cref="ArgumentException">The config (e.g. its fault plan) is invalid.</exception>
    public static async Task<AlpacaSimulatorServer> StartAsync(SimulatorConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Port is < 0 or > 65535) throw new ArgumentException($"port must be 0-65535, got {config.Port}", nameof(config));
        var sim = new SimulatorContext(config); // parses the fault plan: ArgumentException before anything listens

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, config.Port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = config.KeepAliveInterval });

        var rest = new RestEndpoints(sim);
        var admin = new AdminEndpoints(sim);
        app.Run(async ctx =>
        {
            var path = ctx.Request.Path.Value ?? "";
            if (StreamDefinition.All.TryGetValue(path.TrimEnd('/'), out var stream))
            {
                await HandleStreamAsync(sim, ctx, stream);
                return;
            }
            if (await rest.TryHandleAsync(ctx) || await admin.TryHandleAsync(ctx)) return;
            await RestPipeline.WriteMessageAsync(ctx, 404, "Not Found");
        });

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new AlpacaSimulatorServer(app, sim, port);
    }

    private static async Task HandleStreamAsync(SimulatorContext sim, HttpContext ctx, StreamDefinition stream)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await RestPipeline.WriteMessageAsync(ctx, 400, "websocket upgrade expected");
            return;
        }
        // Like Alpaca: Content-Type: application/msgpack on the handshake selects MessagePack frames.
        var msgpack = ctx.Request.Headers.ContentType.ToString().Contains("application/msgpack", StringComparison.OrdinalIgnoreCase);
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        sim.Truth.AddConnection();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, sim.Shutdown.Token);
        await new WsSession(sim, ctx, ws, stream, msgpack).RunAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _sim.Shutdown.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _sim.Shutdown.Dispose();
    }
}
