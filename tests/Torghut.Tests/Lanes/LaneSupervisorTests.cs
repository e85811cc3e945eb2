using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Lanes;
using Torghut.Tests.Support;
using Torghut.Host;

namespace Torghut.Tests.Lanes;

[Collection(TestPluginsCollection.Name)]
public sealed class LaneSupervisorTests(TestPlugins plugins)
{
    [Fact]
    public async Task Flipping_a_ws_flag_in_the_flags_file_starts_and_stops_the_lane_at_runtime()
    {
        using var dir = new TempDir();
        var file = dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsCrypto, false), (FlagKeys.WsEquity, false)));
        var configuration = TorghutConfiguration.Build(new Dictionary<string, string?>
        {
            [ConfigKeys.FlagsFile] = file, [ConfigKeys.FlagsPollMs] = "50",
            [ConfigKeys.PluginsDir] = plugins.PluginsDir, [ConfigKeys.CryptoPlugin] = TestPlugins.Good,
            [ConfigKeys.CryptoSymbols] = "btc/usd,eth/usd",
        }, dir.Path);
        using var _ = (IDisposable)configuration;
        await using var services = HostComposition.BuildForCommand(configuration, LogLevel.None);
        var supervisor = services.GetRequiredService<ILaneSupervisor>();
        var hosted = (IHostedService)supervisor;
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(300);
            supervisor.States.Single(s => s.Name == "crypto").Running.ShouldBeFalse();

            FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, true), (FlagKeys.WsEquity, false)));
            await Eventually.HoldsAsync(() => supervisor.States.Single(s => s.Name == "crypto").Running, "crypto lane started");
            var crypto = supervisor.States.Single(s => s.Name == "crypto");
            crypto.Symbols.ShouldBe(["BTC/USD", "ETH/USD"]);
            crypto.StreamUrl.ShouldBe("ws://127.0.0.1:1/sample");

            // Both lanes may be on at once; equity has no plugin in this folder, so it reports why it cannot run.
            FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, true), (FlagKeys.WsEquity, true)));
            await Eventually.HoldsAsync(() => supervisor.States.Single(s => s.Name == "equity").Problem is not null, "equity problem reported");
            supervisor.States.Single(s => s.Name == "equity").Problem.ShouldContain("plugin Alpaca.Equity not found");
            supervisor.States.Single(s => s.Name == "crypto").Running.ShouldBeTrue();

            FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, false), (FlagKeys.WsEquity, false)));
            await Eventually.HoldsAsync(() => !supervisor.States.Single(s => s.Name == "crypto").Running, "crypto lane stopped");

            FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
            await Eventually.HoldsAsync(() => supervisor.States.Single(s => s.Name == "crypto").Starts == 2, "crypto lane restarted");
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }
}
