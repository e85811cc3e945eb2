using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Torghut.Host.Analysis;
using Torghut.Host.Composition;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;

namespace Torghut.Host;

/// <summary>
/// The one place that decides which background services a role runs. Components are registered for every role (the
/// status API reads them all); only their hosted-service entries depend on the role, so no service asks for it.
/// </summary>
public static class RoleServices
{
    /// <summary>Services that run in some roles only; every other hosted component runs in all of them.</summary>
    private static readonly Dictionary<Type, HostRole[]> OnlyIn = new()
    {
        [typeof(LaneSupervisor)] = [HostRole.All, HostRole.Ingest],   // venue sessions
        [typeof(KafkaHealthProbe)] = [HostRole.All, HostRole.Ingest], // readiness of the producer lanes use
        [typeof(TaWorker)] = [HostRole.All, HostRole.Ta],
        [typeof(TaStoreReader)] = [HostRole.Ingest],                  // in all/ta the worker owns the store
    };

    public static bool Runs(HostRole role, Type service) => !OnlyIn.TryGetValue(service, out var roles)
        || roles.Contains(role);

    /// <summary>Registers the role and, in the scan's order, the hosted components it runs.</summary>
    public static void Add(IServiceCollection services, HostRole role)
    {
        services.AddSingleton(typeof(HostRole), role);
        foreach (var type in typeof(IHostComponent).Assembly.GetTypes())
        {
            if (!type.IsClass || type.IsAbstract || !typeof(IHostComponent).IsAssignableFrom(type)) continue;
            if (!typeof(IHostedService).IsAssignableFrom(type) || !Runs(role, type)) continue;
            services.AddSingleton<IHostedService>(sp => (IHostedService)sp.GetRequiredService(type));
        }
    }
}
