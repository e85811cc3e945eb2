using System.IO.Compression;
using Torghut.Plugins.Testing.Tests.Support;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>`dotnet pack` makes the packages an author consumes, with docs and changelog inside.</summary>
[Collection(LocalSdkFeedCollection.Name)]
public class PackageTests(LocalSdkFeed sdk)
{
    private static IReadOnlyList<string> Entries(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    [Fact]
    public void Abstractions_package_has_the_dll_xml_docs_readme_and_changelog()
    {
        var entries = Entries(Path.Combine(sdk.Feed, "Torghut.Abstractions.1.3.0.nupkg"));
        entries.ShouldContain("lib/net10.0/Torghut.Abstractions.dll");
        entries.ShouldContain("lib/net10.0/Torghut.Abstractions.xml");
        entries.ShouldContain("CHANGELOG.md");
        entries.ShouldContain("README.md");
    }

    [Fact]
    public void Abstractions_xml_docs_cover_the_plugin_entry_point()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(sdk.Feed, "Torghut.Abstractions.1.3.0.nupkg"));
        using var reader = new StreamReader(zip.GetEntry("lib/net10.0/Torghut.Abstractions.xml")!.Open());
        var xml = reader.ReadToEnd();
        xml.ShouldContain("T:Torghut.Abstractions.IVenuePlugin");
        xml.ShouldContain("M:Torghut.Abstractions.IFeedEndpoint.Decode");
    }

    [Fact]
    public void Conformance_kit_package_has_its_dll_and_docs_and_depends_on_the_contract_package()
    {
        var path = Path.Combine(sdk.Feed, "Torghut.Plugins.Testing.1.3.0.nupkg");
        var entries = Entries(path);
        entries.ShouldContain("lib/net10.0/Torghut.Plugins.Testing.dll");
        entries.ShouldContain("lib/net10.0/Torghut.Plugins.Testing.xml");
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("Torghut.Plugins.Testing.nuspec")!.Open());
        reader.ReadToEnd().ShouldContain("<dependency id=\"Torghut.Abstractions\" version=\"1.3.0\"");
    }
}
