using System.CommandLine;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Lanes;
using Torghut.Host.Plugins;
using Torghut.Host.Shutdown;
using Torghut.Host.Transport;
using Torghut.Host.Web;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Cli;

public static class RunCommand
{
    public static readonly string[] Roles = [.. HostRoles.Names];

    public static Command Create(CliContext cli)
    {
        var role = new Option<string>("--role") { Description = "Process role: all (embedded), ingest, or ta", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong(Roles);
        var url = new Option<string?>("--url") { Description = $"HTTP listen URL (default {ConfigKeys.HttpUrl} or http://127.0.0.1:8080)" };
        var command = new Command("run", "Run the host: lanes follow their flags at runtime; status API on the HTTP URL");
        command.Options.Add(role);
        command.Options.Add(url);
        command.SetAction((parse, ct) =>
            RunAsync(cli, HostRoles.Parse(parse.GetValue(role)!), parse.GetValue(url), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, HostRole role, string? urlOption,
        CancellationToken stopping)
    {
        Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
        try { configuration = cli.BuildCheckedConfiguration(); }
        catch (ConfigException e)
        {
            await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
            return ExitCodes.Usage;
        }
        var url = urlOption ?? CoreCatalogue.HttpUrl.Read(configuration)!;
        string transport, symbolsDb;
        ShutdownBudget budget;
        Gateway.GatewaySettings? gateway;
        WebOptions web;
        Analysis.TaWorkerSettings? taWorker = null;
        try
        {
            (transport, symbolsDb) = (TransportRegistration.Describe(configuration),
                Universe.Symbols.ConfiguredSymbolStore.Describe(Universe.SymbolsOptions.From(configuration)));
            budget = ShutdownBudget.From(configuration);
            web = WebOptions.From(configuration);
            AdminToken.Check(web, url);
            gateway = Gateway.GatewaySettings.From(configuration);
            // The worker's cross-setting rules (freeze vs. lateness, store retry) refuse here, not once it runs.
            if (role.RunsTaWorker()) taWorker = Analysis.TaWorkerSettings.From(configuration);
        }
        catch (ConfigException e)
        {
            await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
            return ExitCodes.Usage;
        }
        var metricsUrl = web.MetricsUrl;
        string[] listenUrls = string.IsNullOrWhiteSpace(metricsUrl) || metricsUrl == url ? [url] : [url, metricsUrl];
        var (tokenOutcome, generatedToken) = LocalAdminToken.Decide(web.AdminToken, listenUrls);
        // The generated token reaches the endpoints as a typed value: configuration is never written at run time.
        if (generatedToken is not null) web = web with { AdminToken = generatedToken };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory(HostComposition.ConfigureContainer));
        builder.Services.AddSingleton(budget);
        builder.Services.AddSingleton(web);
        if (taWorker is not null) builder.Services.AddSingleton(taWorker);
        // One deadline, not a sum: the host stops its services side by side and never waits past the budget for them.
        builder.Services.Configure<HostOptions>(o => (o.ShutdownTimeout, o.ServicesStopConcurrently) = (budget.Total, true));
        builder.Services.AddTorghutCore(configuration, role);
        builder.Services.ConfigureHttpJsonOptions(o => JsonOutput.Configure(o.SerializerOptions));
        HttpHardening.AddServices(builder.Services, web);
        // Upstream served metrics on their own port (9090); here too when TORGHUT_METRICS_URL differs from the HTTP URL.
        builder.WebHost.UseUrls(listenUrls);
        var app = builder.Build();
        IRunningSimulator? simulator = null;
        try
        {
            HttpHardening.Use(app, web, url);
            MapEndpoints(app);
            if (role.RunsLanes() && EmbeddedVenue.Wanted(configuration))
            {
                // Before lanes start: the planner hands its ALPACA_STREAM_URL / ALPACA_BASE_URL to the built-in lanes.
                simulator = await EmbeddedVenue.StartAsync(app.Services.GetRequiredService<IPluginCatalog>(),
                    app.Services.GetRequiredService<EmbeddedVenueSettings>(), configuration, stopping);
                if (simulator is null)
                    await cli.Err.WriteLineAsync("no Alpaca keys set and no plugin ships a simulator: lanes will try the real venue and fail auth");
            }
            await app.StartAsync(stopping);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            if (simulator is not null) await simulator.DisposeAsync();
            if (e is not IOException) throw;
            await cli.Err.WriteLineAsync($"cannot listen on {url}: {e.Message}");
            return ExitCodes.Failure;
        }
        var catalog = app.Services.GetRequiredService<IPluginCatalog>();
        await cli.Out.WriteLineAsync($"torghut running (role {role.Name()}); dashboard: {url}/ (status API: /healthz, /api/lanes, /api/flags, /api/plugins)");
        // The console only, once: a token in a log pipeline would outlive the run it protects.
        if (tokenOutcome == LocalAdminToken.Outcome.Generated)
            await cli.Out.WriteLineAsync($"admin token generated for this run (loopback only); open the dashboard with it: {url}/#token={generatedToken}");
        else if (tokenOutcome == LocalAdminToken.Outcome.WritesDisabled)
            await cli.Err.WriteLineAsync($"warning: {LocalAdminToken.Key} is not set and the server listens beyond loopback ({string.Join(", ", listenUrls)}): " +
                                         "changes through the API and dashboard are refused until it is set");
        await cli.Out.WriteLineAsync($"transport: {transport}");
        await cli.Out.WriteLineAsync($"data directory: {Storage.DataDirectory.Resolve(configuration)} (set TORGHUT_DATA_DIR to move it)");
        await cli.Out.WriteLineAsync($"symbols database: {symbolsDb}");
        if (role.RunsLanes()) // a TA worker reads Kafka only: it has no venue
            await cli.Out.WriteLineAsync(simulator is null
                ? $"venue: {CoreCatalogue.AlpacaStreamUrl.Read(configuration) ?? "wss://stream.data.alpaca.markets"} (real Alpaca unless overridden)"
                : $"venue: built-in Alpaca simulator at {simulator.StreamBaseUrl} (no ALPACA_KEY_ID/ALPACA_SECRET_KEY set)");
        if (gateway is not null) // the key ids only: secrets are never printed
            await cli.Out.WriteLineAsync($"gateway: Alpaca stream protocol at {gateway.Url.GetLeftPart(UriPartial.Authority).Replace("http", "ws")}" +
                                         $"/v1beta3/crypto/us and /v2/iex ({gateway.Keys})");
        await cli.Out.WriteLineAsync($"plugins: {catalog.Directory}: {string.Join(", ", catalog.Plugins.Select(p => $"{p.Name} ({p.Status.ToString().ToLowerInvariant()})"))}");
        await cli.Out.FlushAsync(stopping);
        // Stop on SIGTERM/Ctrl+C, or when the host stops itself: a background service that fails (the TA worker when
        // its store refuses writes or never accepts the schema) stops the host, and the process must then exit non-zero
        // so that its supervisor (Kubernetes, systemd) restarts it, instead of idling on with the failed part dead.
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, lifetime.ApplicationStopping))
        {
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
        }
        var failed = !stopping.IsCancellationRequested;
        return await ShutdownSequence.RunAsync(cli, app, simulator, budget, failed);
    }

    private static void MapEndpoints(WebApplication app)
    {
        StatusEndpoints.Map(app);
        SymbolsEndpoints.Map(app);
        FlagsEndpoints.Map(app);
        PluginsEndpoints.Map(app);
        ChartEndpoints.Map(app);
        OrderBookEndpoints.Map(app);
        SloEndpoints.Map(app);
        DashboardEndpoints.Map(app);
    }
}
