using Torghut.Abstractions;
using Torghut.Plugins.Testing.Tests.Support;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>
/// docs/plugin-authoring.md, run as a new author would: install the template from its folder (into a private hive),
/// create a plugin, point NuGet at the locally packed SDK, build it into a plugins folder, run its conformance
/// tests, and load the folder the way the host does. Each step is one command of the doc, named in the comments.
/// </summary>
[Collection(LocalSdkFeedCollection.Name)]
public class TemplateTests(LocalSdkFeed sdk)
{
    [Theory]
    [InlineData("Acme.Crypto", "Crypto")]
    [InlineData("Acme.Stocks", "Equity")]
    public async Task Template_creates_a_plugin_that_builds_passes_the_kit_and_loads_isolated(string name, string market)
    {
        var work = Path.Combine(sdk.Root, "author-" + name);
        var hive = Path.Combine(work, "hive");
        Directory.CreateDirectory(work);
        // An empty package cache, so the packages just packed are the ones used (the machine cache may hold an
        // older 1.0.0); it fills from the machine cache, added below as a source, and the normal sources.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };

        // doc step 2: dotnet new install templates/torghut-plugin
        await Dotnet.Run($"new install \"{Repo.Path("templates", "torghut-plugin")}\" --debug:custom-hive \"{hive}\"", work, env);
        // doc step 3: dotnet new torghut-plugin -n <Name> --market <Market>
        await Dotnet.Run($"new torghut-plugin -n {name} --market {market} --debug:custom-hive \"{hive}\"", work, env);
        var dir = Path.Combine(work, name);
        // doc step 4: a nuget.config that adds the folder of packed SDK packages
        await Dotnet.Run("new nugetconfig", dir, env);
        await Dotnet.Run($"nuget add source \"{sdk.Feed}\" --name torghut-local --configfile nuget.config", dir, env);
        var machineCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(machineCache))
            await Dotnet.Run($"nuget add source \"{machineCache}\" --name machine-cache --configfile nuget.config", dir, env);

        // doc step 5: dotnet test <Name>.Tests
        var testOutput = await Dotnet.Run($"test {name}.Tests -c Release", dir, env);
        testOutput.ShouldContain("Passed!");
        // doc step 6: dotnet build <Name> -c Release -o plugins/<Name>
        var plugins = Path.Combine(work, "plugins");
        await Dotnet.Run($"build {name} -c Release -o \"{Path.Combine(plugins, name)}\"", dir, env);

        File.Exists(Path.Combine(plugins, name, name + ".dll")).ShouldBeTrue();
        File.Exists(Path.Combine(plugins, name, "Torghut.Abstractions.dll")).ShouldBeFalse("the host supplies the contract; a copy would split IVenuePlugin");

        var (plugin, loader) = IsolatedPlugin.Load(plugins, name);
        using (loader)
        {
            plugin.Manifest.Name.ShouldBe(name);
            plugin.Manifest.Market.ShouldBe(Enum.Parse<Market>(market));
            plugin.GetType().Assembly.ShouldNotBe(typeof(TemplateTests).Assembly);
            // The contract type is the host's own: the plugin was loaded against the shared Abstractions.
            plugin.GetType().GetInterfaces().ShouldContain(typeof(IVenuePlugin));
            plugin.CreateFeed(VenueContext.From(new Dictionary<string, string?>()))!.StreamUri.Scheme.ShouldBe("wss");
        }

        // doc step 7: TORGHUT_PLUGINS_DIR=$PWD/plugins dotnet run --project <torghut>/src/Torghut.Host -- plugins
        // (exits 1 when any plugin fails to load). The host builds under the feed's folder, away from the repo's
        // bin/obj, and with the machine's package cache (the isolated one above would refetch all host packages).
        var host = await Dotnet.Run(
            $"run --project \"{Repo.Path("src", "Torghut.Host")}\" -c Release --artifacts-path \"{Path.Combine(sdk.Root, "host")}\" -- plugins --json",
            work, new Dictionary<string, string> { ["TORGHUT_PLUGINS_DIR"] = plugins });
        host.ShouldContain($"\"{name}\"");
        host.ShouldContain($"\"hostContract\": \"{ContractVersion.Text}\"");
    }
}
