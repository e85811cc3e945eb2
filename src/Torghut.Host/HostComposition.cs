using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Shutdown;
using Torghut.Host.Transport;
using Torghut.Host.Composition;
using Torghut.Host.Flags;

namespace Torghut.Host;

/// <summary>
/// One composition for every command: Microsoft DI registrations (feature management, Scrutor's convention scan of
/// <see cref="IHostComponent"/> classes) populated into Autofac, which also provides the per-lane lifetime scopes.
/// </summary>
public static class HostComposition
{
    public static IServiceCollection AddTorghutCore(this IServiceCollection services, IConfigurationRoot configuration,
        HostRole role = HostRole.All)
    {
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFeatureManagement();
        services.AddHttpClient();
        services.AddTransport();
        services.AddSingleton(_ => new SequenceClock());
        services.TryAddSingleton(_ => ShutdownBudget.From(configuration)); // `run` registers the one it validated first
        services.TryAddSingleton(_ => Web.WebOptions.From(configuration)); // `run`'s carries its generated token
        services.AddSingleton(_ => Health.HealthSettings.From(configuration));
        services.AddSingleton(_ => Universe.SymbolsOptions.From(configuration));
        services.AddSingleton(_ => Gates.GatesOptions.From(configuration));
        services.AddSingleton(_ => Gateway.GatewayOptions.From(configuration));
        services.AddSingleton(_ => Analysis.TaBroadcastOptions.From(configuration));
        services.AddSingleton(_ => Storage.TaStoreOptions.From(configuration));
        services.AddSingleton(_ => IngestOptions.From(configuration));
        services.AddSingleton(_ => LanesOptions.From(configuration));
        services.AddSingleton<ILaneSettings>(_ => new LaneSettingsFromConfiguration(configuration));
        services.TryAddSingleton(_ => Analysis.TaWorkerSettings.From(configuration)); // `run` validated its own first
        services.AddSingleton(_ => Plugins.PluginsOptions.From(configuration));
        services.AddSingleton(_ => OrderBooks.OrderBookOptions.From(configuration));
        services.AddSingleton(_ => TransportOptions.From(configuration));
        services.AddSingleton(sp => sp.GetRequiredService<TransportOptions>().Topics);
        services.AddSingleton(
            new RuntimeFlagsLayer(configuration.Providers.OfType<RuntimeFlagsProvider>().LastOrDefault()));
        services.Scan(scan => scan
            .FromAssemblyOf<IHostComponent>()
            .AddClasses(classes => classes.AssignableTo<IHostComponent>())
            .AsSelfWithInterfaces(type => type != typeof(IHostComponent) && type != typeof(IDisposable)
                && type != typeof(IAsyncDisposable) &&
                                          type != typeof(IHostedService))
            .WithSingletonLifetime());
        RoleServices.Add(services, role); // which hosted services run is the role's, decided there only
        return services;
    }

    /// <summary>Registrations that need Autofac itself: lane bodies live in per-lane scopes.</summary>
    public static void ConfigureContainer(ContainerBuilder builder) =>
        builder.RegisterType<IngestLane>().As<ILane>(); // LaneSupervisor's Func<LanePlan, ILane>: one per start

    /// <summary>A container for the one-shot CLI commands (no web server, no hosted services started).</summary>
    public static AutofacServiceProvider BuildForCommand(IConfigurationRoot configuration, LogLevel minimumLevel)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(minimumLevel)
            .AddSimpleConsole(o => { o.SingleLine = true; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddTorghutCore(configuration);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        ConfigureContainer(builder);
        return new AutofacServiceProvider(builder.Build());
    }
}
