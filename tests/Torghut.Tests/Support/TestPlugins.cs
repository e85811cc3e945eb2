namespace Torghut.Tests.Support;

/// <summary>
/// Builds real plugin folders with `dotnet build`, the way a third-party author would: each project references
/// Torghut.Abstractions.dll (not copied), and its output lands in plugins/&lt;Name&gt;/. Built once per test run.
/// </summary>
public sealed class TestPlugins : IAsyncLifetime
{
    public const string Good = "Sample.Crypto";
    public const string Throwing = "Sample.Throwing";
    public const string NewerMajorManifest = "Sample.NextMajor";
    public const string OtherAbstractions = "Sample.OtherAbstractions";
    public const string NoEntry = "Sample.NoEntry";

    private readonly TempDir _root = new("torghut-plugins");

    public string PluginsDir => Path.Combine(_root.Path, "plugins");
    public string BuildLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var src = Path.Combine(_root.Path, "src");
        var abstractions = RepoPaths.AbstractionsDll;
        var reference = $"""<Reference Include="Torghut.Abstractions"><HintPath>{abstractions}</HintPath><Private>false</Private></Reference>""";

        Project(src, Good, reference, PluginSource(Good, "1.0", "Market.Crypto", ""));
        Project(src, Throwing, reference, PluginSource(Throwing, "1.0", "Market.Crypto",
            """public SamplePlugin() { throw new InvalidOperationException("sample plugin refuses to start"); }"""));
        Project(src, NewerMajorManifest, reference, PluginSource(NewerMajorManifest, "2.0", "Market.Crypto", ""));
        Project(src, NoEntry, reference, "namespace Sample; public sealed class NotAPlugin { public Torghut.Abstractions.Market Market => Torghut.Abstractions.Market.Crypto; }");

        // A stand-in for a future Torghut.Abstractions 2.0: same assembly name, major 2, so a plugin compiled
        // against it carries a reference the host must refuse before running any of its code.
        var fakeDir = Path.Combine(src, "FakeAbstractions2");
        Directory.CreateDirectory(fakeDir);
        await File.WriteAllTextAsync(Path.Combine(fakeDir, "FakeAbstractions2.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><AssemblyName>Torghut.Abstractions</AssemblyName>
                <Version>2.0.0</Version><AssemblyVersion>2.0.0.0</AssemblyVersion></PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(fakeDir, "V2.cs"), "namespace Torghut.Abstractions; public interface IVenuePlugin { string Name { get; } }");
        var fakeOut = Path.Combine(src, "fake-out");
        var fake = await ProcessRunner.RunAsync("dotnet", $"build \"{fakeDir}\" -c Release -o \"{fakeOut}\" -nologo -v q", src, TimeSpan.FromMinutes(4));
        if (fake.ExitCode != 0) throw new InvalidOperationException($"building the fake Abstractions 2.0 failed:\n{fake.Output}");
        Project(src, OtherAbstractions,
            $"""<Reference Include="Torghut.Abstractions"><HintPath>{Path.Combine(fakeOut, "Torghut.Abstractions.dll")}</HintPath><Private>false</Private></Reference>""",
            "namespace Sample; public sealed class SamplePlugin : Torghut.Abstractions.IVenuePlugin { public string Name => \"x\"; }");

        var projects = new[] { Good, Throwing, NewerMajorManifest, NoEntry, OtherAbstractions };
        // Built in parallel: each is an independent project.
        var builds = await Task.WhenAll(projects.Select(name => ProcessRunner.RunAsync("dotnet",
            $"build \"{Path.Combine(src, name, name + ".csproj")}\" -c Release -o \"{Path.Combine(PluginsDir, name)}\" -nologo -v q",
            src, TimeSpan.FromMinutes(4))));
        BuildLog = string.Join("\n", builds.Select(b => b.Output));
        if (builds.Any(b => b.ExitCode != 0)) throw new InvalidOperationException($"building test plugins failed:\n{BuildLog}");
        // Two broken folders an operator might produce: no assembly at all, and a file that is not an assembly.
        Directory.CreateDirectory(Path.Combine(PluginsDir, "Sample.Empty"));
        Directory.CreateDirectory(Path.Combine(PluginsDir, "Sample.Garbage"));
        await File.WriteAllTextAsync(Path.Combine(PluginsDir, "Sample.Garbage", "Sample.Garbage.dll"), "this is not a PE file");
        // The fake v2 Abstractions got copied next to its plugin only if Private=false failed; make sure it did not.
        File.Exists(Path.Combine(PluginsDir, OtherAbstractions, "Torghut.Abstractions.dll")).ShouldBeFalse();
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    private static void Project(string src, string name, string reference, string code)
    {
        var dir = Path.Combine(src, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <EnableDynamicLoading>true</EnableDynamicLoading>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>{reference}</ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Plugin.cs"), code);
    }

    /// <summary>A minimal but real crypto plugin: feed URL from settings, a codec that upper-cases BASE/QUOTE.</summary>
    private static string PluginSource(string name, string contract, string market, string constructor) => $$"""
        using Torghut.Abstractions;
        namespace Sample;
        public sealed class SamplePlugin : IVenuePlugin
        {
            {{constructor}}
            public PluginManifest Manifest { get; } = new("{{name}}", "0.3.1", {{market}}, "{{contract}}",
                PluginServices.Feed | PluginServices.SymbolCodec, "sample");
            public ISymbolCodec? SymbolCodec { get; } = new Codec();
            public IFeedEndpoint? CreateFeed(VenueContext context)
            {
                var url = context.Get("SAMPLE_STREAM_URL", "ws://127.0.0.1:1/sample");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new ArgumentException($"SAMPLE_STREAM_URL '{url}' is not a URL");
                return new Feed(uri);
            }
            public IBackfillSource? CreateBackfill(VenueContext context) => null;

            private sealed class Codec : ISymbolCodec
            {
                public Market Market => Market.Crypto;
                public SymbolResult Canonicalize(string? raw) =>
                    raw is not null && raw.Trim().Split('/') is [{ Length: > 0 } b, { Length: > 0 } q]
                        ? SymbolResult.Ok($"{b.ToUpperInvariant()}/{q.ToUpperInvariant()}")
                        : SymbolResult.Rejected($"'{raw}' is not BASE/QUOTE");
                public string ToBrokerForm(string canonical) => canonical.Replace("/", "");
            }

            private sealed class Feed(Uri uri) : IFeedEndpoint
            {
                public Uri StreamUri => uri;
                public IReadOnlyList<string> SupportedChannels => ["trades"];
                public IReadOnlyList<string> Channels => ["trades"];
                public int MaxSymbolsPerMessage => 100;
                public string BuildAuthMessage(VenueCredentials credentials) => "{}";
                public IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) => [];
                public IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) => [];
                public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink) { }
            }
        }
        """;
}

[CollectionDefinition(Name)]
public sealed class TestPluginsCollection : ICollectionFixture<TestPlugins>
{
    public const string Name = "test plugins";
}
