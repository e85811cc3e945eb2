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
    public const string DecodeThrows = "Sample.DecodeThrows";

    private readonly TempDir _root = new("torghut-plugins");

    public string PluginsDir => Path.Combine(_root.Path, "plugins");

    /// <summary>
    /// Folders for hot drop-in tests, not in <see cref="PluginsDir"/>: <c>v2/Sample.Crypto</c> (version 0.4.0),
    /// <c>broken/Sample.Crypto</c> (its constructor throws) and <c>decode-throws/Sample.DecodeThrows</c> (loads, then
    /// throws in Decode on the first frame).
    /// </summary>
    public string Variant(string variant, string name) => Path.Combine(_root.Path, "variants", variant, name);
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

        var variants = Path.Combine(src, "variants");
        Project(Path.Combine(variants, "v2"), Good, reference, PluginSource(Good, "1.0", "Market.Crypto", "", version: "0.4.0"));
        Project(Path.Combine(variants, "broken"), Good, reference, PluginSource(Good, "1.0", "Market.Crypto",
            """public SamplePlugin() { throw new InvalidOperationException("version 0.5.0 refuses to start"); }""", version: "0.5.0"));
        Project(Path.Combine(variants, "decode-throws"), DecodeThrows, reference, PluginSource(DecodeThrows, "1.0", "Market.Crypto", "",
            decode: """throw new NullReferenceException("sample decoder bug");"""));

        var projects = new[] { Good, Throwing, NewerMajorManifest, NoEntry, OtherAbstractions }
            .Select(name => (Project: Path.Combine(src, name, name + ".csproj"), Output: Path.Combine(PluginsDir, name)))
            .Concat(new[] { ("v2", Good), ("broken", Good), ("decode-throws", DecodeThrows) }
                .Select(v => (Project: Path.Combine(variants, v.Item1, v.Item2, v.Item2 + ".csproj"), Output: Variant(v.Item1, v.Item2))));
        // Built in parallel: each is an independent project.
        var builds = await Task.WhenAll(projects.Select(p => ProcessRunner.RunAsync("dotnet",
            $"build \"{p.Project}\" -c Release -o \"{p.Output}\" -nologo -v q", src, TimeSpan.FromMinutes(4))));
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
    private static string PluginSource(string name, string contract, string market, string constructor, string version = "0.3.1",
        string decode = "") => $$"""
        using Torghut.Abstractions;
        namespace Sample;
        public sealed class SamplePlugin : IVenuePlugin
        {
            {{constructor}}
            public PluginManifest Manifest { get; } = new("{{name}}", "{{version}}", {{market}}, "{{contract}}",
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
                public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink) { {{decode}} }
            }
        }
        """;
}

[CollectionDefinition(Name)]
public sealed class TestPluginsCollection : ICollectionFixture<TestPlugins>
{
    public const string Name = "test plugins";
}
