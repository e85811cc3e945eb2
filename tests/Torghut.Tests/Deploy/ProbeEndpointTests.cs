using System.Net;
using System.Text.Json;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// Each Deployment's container command, probes and flags file run against the real `torghut` binary: the probe paths
/// and the metrics listener answer, and the host takes the overlay's flags file as its flags.
/// </summary>
public sealed class ProbeEndpointTests
{
    [Theory]
    [MemberData(nameof(DeployTree.LaneData), MemberType = typeof(DeployTree))]
    public async Task Each_deployment_command_serves_its_probes_metrics_and_the_overlays_flags(string lane)
    {
        var rendered = DeployTree.Render(lane);
        using var dir = new TempDir();
        await Task.WhenAll(rendered.Deployments.Select(d => CheckAsync(rendered, d, dir)));
    }

    private static async Task CheckAsync(Rendered rendered, Dictionary<object, object?> deployment, TempDir dir)
    {
        var name = deployment.Str("metadata", "name")!;
        var container = Rendered.Container(deployment);
        var env = rendered.Environment(deployment);
        var flagsPath = env[ConfigKeys.FlagsFile].Value!;
        var flagsText = rendered.ConfigMap("torghut-flags").Str("data", Path.GetFileName(flagsPath))!;
        var metricsUrl = $"http://127.0.0.1:{HostProcess.FreePort()}";
        var args = string.Join(' ', container.At("args") as List<object?> ?? []);
        // The container's own command and flags file; the venue is the bundled simulator and the transport in-process,
        // since Alpaca, Kafka and ClickHouse are not reachable from a test.
        await using var host = await HostProcess.StartAsync(args, new Dictionary<string, string>
        {
            [ConfigKeys.FlagsFile] = dir.File($"{name}-features.yaml", flagsText),
            ["TORGHUT_METRICS_URL"] = metricsUrl,
        });
        using var http = new HttpClient();

        var readiness = await http.GetAsync(host.BaseUrl + container.Str("readinessProbe", "httpGet", "path"));
        readiness.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);
        var readyz = JsonDocument.Parse(await readiness.Content.ReadAsStringAsync()).RootElement;
        readyz.GetProperty("ready").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        // docs/health.md: partial service is 200 with degraded and the problems listed.
        readyz.GetProperty("degraded").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        readyz.GetProperty("problems").ValueKind.ShouldBe(JsonValueKind.Array);
        var liveness = await http.GetAsync(host.BaseUrl + container.Str("livenessProbe", "httpGet", "path"));
        liveness.StatusCode.ShouldBe(HttpStatusCode.OK, $"{name} liveness");
        (await liveness.Content.ReadAsStringAsync()).ShouldBe("ok");

        var metrics = await http.GetStringAsync(metricsUrl + rendered.OfKind("PodMonitor").Single().Items("spec", "podMetricsEndpoints").Single().Str("path"));
        metrics.ShouldContain("torghut_ws_readyz_status");
        metrics.ShouldContain("torghut_healthz_status 1");

        var flags = JsonDocument.Parse(await http.GetStringAsync(host.BaseUrl + "/api/flags")).RootElement;
        flags.GetProperty("flagsFileError").ValueKind.ShouldBe(JsonValueKind.Null);
        var expected = FliptFlagsFile.Parse(flagsText, flagsPath);
        foreach (var flag in flags.GetProperty("flags").EnumerateArray())
            flag.GetProperty("enabled").GetBoolean().ShouldBe(expected[flag.GetProperty("key").GetString()!], $"{name}: {flag}");
    }
}
