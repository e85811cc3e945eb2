using System.Net.WebSockets;
using System.Reflection;
using System.Text;
using Torghut.Abstractions;
using Torghut.Plugins.Testing.Tests.Support;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>
/// samples/Replay.Venue, a third-party plugin made from the template that pins YamlDotNet 15.3.0 while the host
/// (and this test process) use 16.3.0: built into a plugins folder, loaded in its own context, both versions work
/// side by side, it passes the kit, and its simulator streams the recording through the plugin's own decoder.
/// </summary>
[Collection(LocalSdkFeedCollection.Name)]
public class ReplaySampleTests(LocalSdkFeed sdk) : IAsyncLifetime
{
    private const string Name = "Replay.Venue";
    // Built once per run for all tests of the class (xUnit makes one instance per test).
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static string? _builtPlugins;
    private string _plugins = "";

    public async Task InitializeAsync()
    {
        await BuildLock.WaitAsync();
        try { _plugins = _builtPlugins ??= await Build(); }
        finally { BuildLock.Release(); }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Build()
    {
        var work = Path.Combine(sdk.Root, "replay");
        Directory.CreateDirectory(work);
        await Dotnet.Run("new nugetconfig", work);
        await Dotnet.Run($"nuget add source \"{sdk.Feed}\" --name torghut-local --configfile nuget.config", work);
        var machineCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(machineCache))
            await Dotnet.Run($"nuget add source \"{machineCache}\" --name machine-cache --configfile nuget.config", work);
        var plugins = Path.Combine(work, "plugins");
        // Own package cache (the freshly packed SDK wins) and own artifacts path (nothing written into samples/).
        await Dotnet.Run($"build \"{Repo.Path("samples", Name, Name)}\" -c Release -o \"{Path.Combine(plugins, Name)}\" " +
                         $"--artifacts-path \"{Path.Combine(work, "artifacts")}\" -p:RestoreConfigFile=\"{Path.Combine(work, "nuget.config")}\"",
            work, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") });
        return plugins;
    }

    /// <summary>The sample's own conformance test project (from the template) passes.</summary>
    [Fact]
    public async Task Sample_test_project_passes()
    {
        var work = Path.Combine(sdk.Root, "replay");
        var output = await Dotnet.Run($"test \"{Repo.Path("samples", Name, Name + ".Tests")}\" -c Release " +
                                      $"--artifacts-path \"{Path.Combine(work, "artifacts")}\" -p:RestoreConfigFile=\"{Path.Combine(work, "nuget.config")}\"",
            work, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") });
        output.ShouldContain("Passed!");
    }

    [Fact]
    public void Folder_carries_its_own_yaml_library_and_not_the_contract()
    {
        File.Exists(Path.Combine(_plugins, Name, "YamlDotNet.dll")).ShouldBeTrue();
        File.Exists(Path.Combine(_plugins, Name, "Torghut.Abstractions.dll")).ShouldBeFalse();
    }

    [Fact]
    public void Plugin_uses_yamldotnet_15_while_the_host_side_uses_16_and_both_work()
    {
        var (plugin, loader) = IsolatedPlugin.Load(_plugins, Name);
        using (loader)
        {
            var pluginYaml = loader.LoadAssembly(new AssemblyName("YamlDotNet"));
            var hostYaml = typeof(YamlDotNet.Serialization.Deserializer).Assembly;
            pluginYaml.GetName().Version!.Major.ShouldBe(15);
            hostYaml.GetName().Version!.Major.ShouldBe(16);
            pluginYaml.ShouldNotBeSameAs(hostYaml);

            // The plugin parsed its replay.yaml with its 15.x (three elements per frame)…
            var options = plugin.GetType().Assembly.GetType("Replay.Venue.Recording.ReplayRecording")!
                .GetProperty("Options")!.GetValue(null)!;
            options.GetType().GetProperty("ElementsPerFrame")!.GetValue(options).ShouldBe(3);
            // …while this side parses YAML with 16.x.
            new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, int>>("a: 1")["a"].ShouldBe(1);
        }
    }

    [Fact]
    public void Loaded_plugin_passes_the_conformance_kit()
    {
        var (plugin, loader) = IsolatedPlugin.Load(_plugins, Name);
        using (loader)
            PluginConformance.AssertConforms(plugin, new ConformanceSamples
            {
                Frames =
                [
                    """[{"type":"trade","symbol":"ACME","price":101.25,"size":10,"time":"2024-03-12T14:30:00.100000001Z"},{"type":"quote","symbol":"ACME","bid":101.2,"bidSize":300,"ask":101.3,"askSize":200,"time":"2024-03-12T14:30:00.15Z"},{"type":"trade","symbol":"GLOBEX","price":55.5,"size":0.5,"time":"2024-03-12T14:30:00.2Z"}]""",
                ],
                TimestampsOrderedWithinFrame = true,
                BarsPageWithToken = """{"bars":[{"symbol":"ACME","time":"2024-03-12T14:29:00Z","open":101.1,"high":101.4,"low":101,"close":101.3,"volume":35}],"next_page_token":"p2"}""",
                ValidSymbols = ["acme", "GLOBEX"],
            });
    }

    [Fact]
    public async Task Simulator_streams_the_recording_through_the_plugins_own_feed()
    {
        var (plugin, loader) = IsolatedPlugin.Load(_plugins, Name);
        using (loader)
        {
            await using var sim = await plugin.CreateSimulator()!.StartAsync(new SimulatorOptions());
            var feed = plugin.CreateFeed(VenueContext.From(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))!;
            feed.StreamUri.ShouldBe(sim.StreamBaseUrl);

            using var socket = new ClientWebSocket();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(feed.StreamUri, timeout.Token);
            await SendText(socket, feed.BuildAuthMessage(new VenueCredentials("key", "secret")), timeout.Token);
            foreach (var message in feed.BuildSubscribeMessages(feed.Channels, ["ACME"]))
                await SendText(socket, message, timeout.Token);

            var sink = new RecordingSink();
            var buffer = new byte[64 * 1024];
            // The recording holds 3 ACME trades, 1 quote and 1 bar; GLOBEX was not subscribed.
            while (sink.Trades.Count + sink.Quotes.Count + sink.Bars.Count < 5)
            {
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                feed.Decode(buffer.AsSpan(0, received.Count), sink);
            }
            sink.Errors.ShouldBeEmpty();
            sink.Trades.Select(t => t.Size).ShouldBe([10, 25, 5]);
            sink.Trades.ShouldAllBe(t => t.Symbol == "ACME");
            sink.Trades[0].Timestamp.NanosOfSecond.ShouldBe(100_000_001);
            sink.Bars.ShouldHaveSingleItem().Close.ShouldBe(101.3);
        }
    }

    private static Task SendText(ClientWebSocket socket, string text, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, token);

    private sealed class RecordingSink : IFeedSink
    {
        public List<Trade> Trades { get; } = [];
        public List<Quote> Quotes { get; } = [];
        public List<Bar> Bars { get; } = [];
        public List<DecodeError> Errors { get; } = [];
        public void OnTrade(in Trade trade) => Trades.Add(trade);
        public void OnQuote(in Quote quote) => Quotes.Add(quote);
        public void OnBar(in Bar bar) => Bars.Add(bar);
        public void OnStatus(in TradingStatus status) { }
        public void OnOrderBook(in OrderBookUpdate update) { }
        public void OnControl(ControlMessage control) { }
        public void OnDecodeError(in DecodeError error) => Errors.Add(error);
    }
}
