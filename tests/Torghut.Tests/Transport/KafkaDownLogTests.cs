using System.Net;
using System.Text.RegularExpressions;
using Torghut.Host.Transport.Kafka;
using Torghut.Tests.Support;

namespace Torghut.Tests.Transport;

/// <summary>
/// The real binary with every broker down: librdkafka retries many times a second, and the operator's log shows each
/// error once (the count of repeats follows a minute later, RepeatLimiterTests), never the SASL password. The pod stays
/// alive and says why it is not ready.
/// </summary>
public sealed partial class KafkaDownLogTests
{
    private const string Password = "kafka-down-secret-3141";

    [Fact]
    public async Task All_brokers_down_logs_each_client_error_once_without_the_password_and_stays_alive()
    {
        await using var host = await HostProcess.StartAsync("run --role ingest", new Dictionary<string, string>
        {
            [KafkaSettingKeys.Bootstrap] = $"127.0.0.1:{HostProcess.FreePort()},127.0.0.1:{HostProcess.FreePort()}",
            [KafkaSettingKeys.SecurityProtocol] = "SASL_PLAINTEXT", [KafkaSettingKeys.SaslMechanism] = "SCRAM-SHA-512",
            [KafkaSettingKeys.Username] = "torghut-ws", [KafkaSettingKeys.Password] = Password,
            ["TORGHUT_KAFKA_PROBE_MS"] = "500",
        });
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "not ready with Kafka down", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(8)); // librdkafka reconnects to both brokers many times meanwhile

        var errors = ClientError().Matches(host.Output).Select(m => m.Groups[1].Value).ToList();
        errors.ShouldNotBeEmpty(host.Output);
        errors.GroupBy(code => code).ShouldAllBe(g => g.Count() == 1, "each error code logged once per minute");
        host.Output.ShouldNotContain(Password);
        (await http.GetAsync($"{host.BaseUrl}/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK, "Kafka down is not a reason to restart");
    }

    [GeneratedRegex(@"kafka client error (\w+):")]
    private static partial Regex ClientError();
}
