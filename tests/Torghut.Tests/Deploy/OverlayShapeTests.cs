using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>Workloads, wiring, flags file and the crypto/equity difference of the rendered overlays.</summary>
public sealed class OverlayShapeTests
{
    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Overlay_renders_and_both_renderers_agree(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        rendered.Namespace.ShouldBe($"torghut-{lane}");
        rendered.Deployments.Select(d => d.Str("metadata", "name")).Order().ShouldBe(["torghut-ingest", "torghut-ta"]);
        if (renderer == DeployTree.Kubectl)
        {
            static List<string> Canonical(Rendered r) => r.Resources.Select(Yaml.Canonical).Order(StringComparer.Ordinal).ToList();
            Canonical(DeployTree.Render(lane, DeployTree.InProcess)).ShouldBe(Canonical(rendered));
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Ingest_is_one_replica_replaced_with_Recreate_and_TA_scales(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        var ingest = rendered.Get("Deployment", "torghut-ingest");
        ingest.Str("spec", "replicas").ShouldBe("1");
        ingest.Str("spec", "strategy", "type").ShouldBe("Recreate"); // a surge pod would be Alpaca's second connection (406)
        Rendered.Container(ingest).At("args").ShouldBe(new List<object?> { "run", "--role", "ingest" });
        var ta = rendered.Get("Deployment", "torghut-ta");
        int.Parse(ta.Str("spec", "replicas")!).ShouldBeGreaterThan(1);
        Rendered.Container(ta).At("args").ShouldBe(new List<object?> { "run", "--role", "ta" });
        var pdb = rendered.OfKind("PodDisruptionBudget").Single();
        Labels(pdb.Map("spec", "selector", "matchLabels")).ShouldBeSubsetOf(Labels(ta.Map("spec", "template", "metadata", "labels")));
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Probes_services_and_scrapes_point_at_the_ports_the_host_listens_on(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
        {
            var container = Rendered.Container(deployment);
            var env = rendered.Environment(deployment);
            var ports = container.Items("ports").ToDictionary(p => p.Str("name")!, p => int.Parse(p.Str("containerPort")!));
            ports["http"].ShouldBe(new Uri(env[ConfigKeys.HttpUrl].Value!).Port);
            ports["metrics"].ShouldBe(new Uri(env["TORGHUT_METRICS_URL"].Value!).Port);
            container.Str("readinessProbe", "httpGet", "path").ShouldBe("/readyz");
            container.Str("livenessProbe", "httpGet", "path").ShouldBe("/healthz");
            container.Str("readinessProbe", "httpGet", "port").ShouldBe("http");
            container.Str("livenessProbe", "httpGet", "port").ShouldBe("http");
        }
        foreach (var service in rendered.OfKind("Service"))
        {
            var selector = Labels(service.Map("spec", "selector"));
            var target = rendered.Deployments.Single(d => selector.All(Labels(d.Map("spec", "template", "metadata", "labels")).Contains));
            var names = Rendered.Container(target).Items("ports").Select(p => p.Str("name")).ToList();
            foreach (var port in service.Items("spec", "ports")) names.ShouldContain(port.Str("targetPort"));
        }
        var monitor = rendered.OfKind("PodMonitor").Single();
        monitor.Items("spec", "podMetricsEndpoints").Single().Str("path").ShouldBe("/metrics");
        var scraped = Labels(monitor.Map("spec", "selector", "matchLabels"));
        foreach (var deployment in rendered.Deployments)
        {
            scraped.ShouldBeSubsetOf(Labels(deployment.Map("spec", "template", "metadata", "labels")));
            Rendered.Container(deployment).Items("ports").Select(p => p.Str("name")).ShouldContain(monitor.Items("spec", "podMetricsEndpoints").Single().Str("port"));
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Flags_file_is_mounted_where_TORGHUT_FLAGS_FILE_points_and_holds_the_hosts_flag_keys(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
        {
            var path = rendered.Environment(deployment)[ConfigKeys.FlagsFile].Value!;
            var mount = Rendered.Container(deployment).Items("volumeMounts").Single(m => path.StartsWith(m.Str("mountPath")! + "/"));
            // A subPath mount never sees ConfigMap updates: a flag flip would need a restart.
            mount.At("subPath").ShouldBeNull();
            var volume = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Str("name") == mount.Str("name"));
            var cm = rendered.Get("ConfigMap", volume.Str("configMap", "name")!);
            var file = cm.Str("data", path[(mount.Str("mountPath")!.Length + 1)..]);
            file.ShouldNotBeNull($"{path} is not a key of ConfigMap {cm.Str("metadata", "name")}");
            FliptFlagsFile.Parse(file, path).Keys.Order().ShouldBe(FlagKeys.All.Order());
        }
    }

    [Fact]
    public void Lane_flags_match_the_lane()
    {
        var crypto = Flags(DeployTree.Render("crypto"));
        crypto[FlagKeys.WsCrypto].ShouldBeTrue();
        crypto[FlagKeys.UniverseCrypto].ShouldBeTrue();
        crypto[FlagKeys.WsEquity].ShouldBeFalse();
        // Committed state is market data only: trading is switched on per phase 3 of docs/runbook.md.
        crypto[FlagKeys.TradingCrypto].ShouldBeFalse();
        crypto[FlagKeys.TradingCryptoLive].ShouldBeFalse();
        var equity = Flags(DeployTree.Render("equity"));
        equity[FlagKeys.WsEquity].ShouldBeTrue();
        equity.Where(kv => kv.Key != FlagKeys.WsEquity).ShouldAllBe(kv => !kv.Value);
    }

    [Fact]
    public void Crypto_differs_from_equity_only_in_lane_settings_flags_and_names()
    {
        var crypto = DeployTree.Render("crypto");
        var equity = DeployTree.Render("equity");
        string[] laneKeys = ["SYMBOLS", "JANGAR_SYMBOLS_URL", "TRADING_EXECUTION_ALLOWLIST", "TA_WARMUP_1M_MINUTES"];

        var c = Normalized(crypto, laneKeys);
        var e = Normalized(equity, laneKeys);
        c.Keys.Order().ShouldBe(e.Keys.Order());
        foreach (var key in c.Keys) c[key].ShouldBe(e[key], $"{key} differs between the crypto and equity overlays");

        // ... and the allowed places do carry the crypto lane.
        var env = crypto.ConfigMap("torghut-env");
        env.Str("data", "SYMBOLS").ShouldBe("BTC/USD,ETH/USD,SOL/USD");
        env.Str("data", "TRADING_EXECUTION_ALLOWLIST").ShouldBe("BTC/USD,ETH/USD,SOL/USD");
        new Uri(env.Str("data", "JANGAR_SYMBOLS_URL")!).Query.ShouldContain("assetClass=crypto");
        // Equity has no 1 m bars over weekends and holidays: its TA warm-up window spans them (crypto keeps the day default).
        env.Str("data", "TA_WARMUP_1M_MINUTES").ShouldBeNull();
        equity.ConfigMap("torghut-env").Str("data", "TA_WARMUP_1M_MINUTES").ShouldBe("5760");
        new Uri(equity.ConfigMap("torghut-env").Str("data", "JANGAR_SYMBOLS_URL")!).Query.ShouldContain("assetClass=equity");
        Flags(crypto).ShouldNotBe(Flags(equity));
    }

    [Fact]
    public void Each_overlay_has_an_Argo_CD_Application_deploying_it()
    {
        var apps = Directory.GetFiles(Path.Combine(DeployTree.Root, "argocd"), "*.yaml")
            .SelectMany(f => Yaml.ParseDocuments(File.ReadAllText(f))).ToList();
        apps.ShouldAllBe(a => a.Str("apiVersion") == "argoproj.io/v1alpha1" && a.Str("kind") == "Application");
        foreach (var lane in DeployTree.Lanes)
        {
            var app = apps.Single(a => a.Str("spec", "source", "path") == $"deploy/overlays/{lane}");
            Directory.Exists(Path.Combine(RepoPaths.Root, app.Str("spec", "source", "path")!)).ShouldBeTrue();
            app.Str("spec", "destination", "namespace").ShouldBe(DeployTree.Render(lane).Namespace);
            app.Str("spec", "syncPolicy", "automated", "prune").ShouldBe("true");
        }
        apps.Count.ShouldBe(DeployTree.Lanes.Count);
    }

    private static IReadOnlyDictionary<string, bool> Flags(Rendered rendered) =>
        FliptFlagsFile.Parse(rendered.ConfigMap("torghut-flags").Map("data").Values.Cast<string>().Single(), rendered.Lane);

    private static HashSet<string> Labels(Dictionary<object, object?> map) => map.Select(kv => $"{kv.Key}={kv.Value}").ToHashSet();

    /// <summary>Every resource minus what may differ between lanes: namespace, hash suffixes, lane env, flags file.</summary>
    private static Dictionary<string, string> Normalized(Rendered rendered, string[] laneKeys)
    {
        var result = new Dictionary<string, string>();
        foreach (var resource in rendered.Resources)
        {
            var copy = (Dictionary<object, object?>)Yaml.Clone(resource)!;
            var meta = copy.Map("metadata");
            meta.Remove("namespace");
            if (copy.Str("kind") == "ConfigMap")
            {
                meta["name"] = Rendered.StripHash((string)meta["name"]!);
                var data = copy.Map("data");
                if ((string)meta["name"]! == "torghut-flags") data.Clear();
                foreach (var key in laneKeys) data.Remove(key);
            }
            var spec = copy.At("spec", "template", "spec");
            foreach (var volume in spec.Items("volumes"))
                if (volume.At("configMap") is Dictionary<object, object?> cm) cm["name"] = Rendered.StripHash((string)cm["name"]!);
            foreach (var container in spec.Items("containers"))
                foreach (var from in container.Items("envFrom"))
                    if (from.At("configMapRef") is Dictionary<object, object?> r) r["name"] = Rendered.StripHash((string)r["name"]!);
            result[$"{copy.Str("kind")}/{meta["name"]}"] = Yaml.Canonical(copy);
        }
        return result;
    }
}
