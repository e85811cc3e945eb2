using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Torghut.Host.Analysis;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Tests.Support;
using Torghut.Host;

namespace Torghut.Tests.Composition;

/// <summary>The role decides, in composition only, which background services a `run` process starts.</summary>
public sealed class RoleServicesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private List<Type> HostedServices(HostRole role)
    {
        var configuration = TorghutConfiguration.Build(new Dictionary<string, string?>
        {
            ["TORGHUT_DATA_DIR"] = _dir.Path, [ConfigKeys.PluginsDir] = _dir.Path,
        });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTorghutCore(configuration, role);
        var builder = new ContainerBuilder();
        builder.Populate(services);
        HostComposition.ConfigureContainer(builder);
        using var provider = new AutofacServiceProvider(builder.Build());
        provider.GetRequiredService<HostRole>().ShouldBe(role);
        return provider.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
    }

    [Fact]
    public void A_ta_worker_runs_no_lanes_and_no_producer_probe()
    {
        var ta = HostedServices(HostRole.Ta);
        ta.ShouldContain(typeof(TaWorker));
        ta.ShouldNotContain(typeof(LaneSupervisor));
        ta.ShouldNotContain(typeof(KafkaHealthProbe));
        ta.ShouldNotContain(typeof(TaStoreReader));
    }

    [Fact]
    public void An_ingest_process_runs_lanes_and_reads_the_shared_store_but_runs_no_ta_worker()
    {
        var ingest = HostedServices(HostRole.Ingest);
        ingest.ShouldContain(typeof(LaneSupervisor));
        ingest.ShouldContain(typeof(KafkaHealthProbe));
        ingest.ShouldContain(typeof(TaStoreReader));
        ingest.ShouldNotContain(typeof(TaWorker));
    }

    [Fact]
    public void All_runs_lanes_and_the_ta_worker_and_every_role_keeps_the_shared_services()
    {
        var all = HostedServices(HostRole.All);
        all.ShouldContain(typeof(LaneSupervisor));
        all.ShouldContain(typeof(TaWorker));
        all.ShouldNotContain(typeof(TaStoreReader)); // the worker owns the store here
        all.Distinct().Count().ShouldBe(all.Count);
        foreach (var role in new[] { HostRole.Ta, HostRole.Ingest })
            HostedServices(role).ShouldContain(typeof(Torghut.Host.Gates.Slo.SloEvaluator));
    }
}
