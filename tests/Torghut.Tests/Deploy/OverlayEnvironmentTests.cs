using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Tests.Deploy;

/// <summary>The env the overlays give the pods, against the env the host actually reads.</summary>
public sealed class OverlayEnvironmentTests
{
    /// <summary>
    /// docs/configuration.md keys without a default that production leaves unset on purpose. Each needs a reason; everything else
    /// without a default must be set, or the pod quietly runs a development fallback (simulator, in-process transport,
    /// DuckDB, static flags).
    /// </summary>
    private static readonly Dictionary<string, string> UnsetOnPurpose = new()
    {
        ["ALPACA_MARKET_TYPE"] = "lanes follow the flags file; a market type would be a second lane switch",
        ["TA_SCHEMA_ID"] = "TA_SCHEMA_REGISTRY_URL is set: the registry assigns the schema ids",
        ["TORGHUT_GATEWAY_URL"] = "the Alpaca gateway is opt-in and no production Service exposes it yet",
        ["TORGHUT_GATEWAY_KEYS"] = "read only with TORGHUT_GATEWAY_URL",
    };

    [Fact]
    public void The_host_settings_come_from_the_catalogue_and_the_plugins()
    {
        // The key classes' constants are all in the catalogue (reflection, independent of the catalogue's own list).
        var declared = new[] { typeof(ConfigKeys), typeof(Torghut.Host.Storage.StorageKeys),
            typeof(Torghut.Host.Transport.Kafka.KafkaSettingKeys), typeof(Torghut.Host.Health.HealthKeys),
                typeof(Torghut.Host.Web.WebKeys) }
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
            .Where(k => k != ConfigKeys.LanePrefix).ToList();
        declared.Count.ShouldBeGreaterThan(20);
        declared.Except(HostSettings.ReadByHost).ShouldBeEmpty();
        HostSettings.ReadByHost.ShouldContain("TORGHUT_HEARTBEAT_MS");
        HostSettings.ReadByHost.ShouldContain("HEALTH_NOT_READY_KILL_AFTER_MS"); // the deprecated name still works
        HostSettings.ReadByHost.ShouldContain("ALPACA_FEED");                     // a plugin's own setting
        HostSettings.WithoutDefault.ShouldContain(names => names.Contains("KAFKA_BOOTSTRAP")
            && names.Contains("KAFKA_BOOTSTRAP_SERVERS"));
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Every_env_name_in_the_manifests_is_one_the_host_reads(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
        {
            var unknown = rendered.Environment(deployment).Keys.Where(k => !HostSettings.ReadByHost.Contains(k)).ToList();
            unknown.ShouldBeEmpty($"{lane}/{deployment.Str("metadata", "name")} sets env the host never reads (typo?)");
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Every_literal_value_in_the_manifests_passes_the_start_up_check(string renderer, string lane)
    {
        // A value the catalogue refuses would stop the pod at start with exit 2 (a crash loop, not a silent default).
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
        {
            var literals = rendered.Environment(deployment).Where(kv => kv.Value.Value is not null)
                .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.Value));
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(literals).Build();
            Should.NotThrow(() => Torghut.Host.Configuration.Settings.SettingsCatalogue.Validate(configuration),
                $"{lane}/{deployment.Str("metadata", "name")}");
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Every_setting_without_a_default_is_set(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        var set = rendered.Deployments.SelectMany(d => rendered.Environment(d).Keys).ToHashSet();
        HostSettings.WithoutDefault.Count.ShouldBeGreaterThan(5);
        var missing = HostSettings.WithoutDefault
            .Where(names => !names.Any(set.Contains) && !names.Any(UnsetOnPurpose.ContainsKey))
            .Select(names => string.Join("/", names)).ToList();
        missing.ShouldBeEmpty($"{lane}: settings without a default that no Deployment sets");
        foreach (var key in UnsetOnPurpose.Keys)
        {
            HostSettings.ReadByHost.ShouldContain(key, "stale UnsetOnPurpose entry");
            set.ShouldNotContain(key);
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Production_never_falls_back_to_development_defaults(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
        {
            var env = rendered.Environment(deployment);
            env["TORGHUT_EMBEDDED_SIMULATOR"].Value.ShouldBe("false");
            env.ShouldContainKey("KAFKA_BOOTSTRAP");
            env.ShouldContainKey("TA_CLICKHOUSE_URL");
            // Loopback (the host's default) is unreachable for the kubelet's probes and Prometheus.
            new Uri(env[ConfigKeys.HttpUrl].Value!).Host.ShouldBe("0.0.0.0");
            new Uri(env["TORGHUT_METRICS_URL"].Value!).Host.ShouldBe("0.0.0.0");
        }
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void Secrets_come_from_Secret_references_never_from_ConfigMaps(string renderer, string lane)
    {
        var rendered = DeployTree.Render(lane, renderer);
        bool IsSecret(string key) => ConfigKeys.Secrets.Contains(key) ||
            new[] { "PASSWORD", "SECRET", "TOKEN", "KEY_ID" }.Any(s => key.EndsWith(s, StringComparison.Ordinal));
        foreach (var cm in rendered.OfKind("ConfigMap"))
            cm.Map("data").Keys.Cast<string>().Where(IsSecret).ShouldBeEmpty($"{cm.Str("metadata", "name")} holds a secret");
        foreach (var deployment in rendered.Deployments)
            foreach (var (key, source) in rendered.Environment(deployment).Where(kv => IsSecret(kv.Key)))
            {
                source.Value.ShouldBeNull($"{key} is a literal");
                source.SecretRef.ShouldNotBeNull($"{key} is not a secretKeyRef");
            }
        var ingest = rendered.Environment(rendered.Get("Deployment", "torghut-ingest"));
        ingest[ConfigKeys.AlpacaKeyId].SecretRef.ShouldNotBeNull();
        ingest[ConfigKeys.AlpacaSecretKey].SecretRef.ShouldNotBeNull();
        rendered.Environment(rendered.Get("Deployment", "torghut-ta"))[Torghut.Host.Storage.StorageKeys.ClickHousePassword].SecretRef.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(DeployTree.RenderersAndLanes), MemberType = typeof(DeployTree))]
    public void No_env_var_overrides_a_flag(string renderer, string lane)
    {
        // Env outranks the flags file: a flag set in env could not be flipped through GitOps or rolled back.
        var rendered = DeployTree.Render(lane, renderer);
        foreach (var deployment in rendered.Deployments)
            rendered.Environment(deployment).Keys.Where(HostSettings.FlagOverrides.Contains).ShouldBeEmpty();
    }
}
