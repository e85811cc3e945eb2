using Microsoft.Extensions.Configuration;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

/// <summary>Local state lands in the user's data directory, not in the directory `dotnet run` starts from.</summary>
public sealed class DataDirectoryTests : IDisposable
{
    private readonly TempDir _xdg = new("torghut-xdg");

    public void Dispose() => _xdg.Dispose();

    [Fact]
    public async Task Without_TORGHUT_DATA_DIR_run_keeps_its_state_in_the_xdg_data_dir_and_says_so()
    {
        // An empty TORGHUT_DATA_DIR is "not set": HostProcess otherwise gives the host its own.
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_DATA_DIR"] = "", ["XDG_DATA_HOME"] = _xdg.Path, ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
        });
        var expected = Path.Combine(_xdg.Path, "torghut");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Output.Contains($"data directory: {expected}")), "data directory printed", TimeSpan.FromSeconds(10));
        host.Output.ShouldContain($"symbols database: sqlite {Path.Combine(expected, "symbols.db")}");
    }

    [Fact]
    public void TORGHUT_DATA_DIR_wins_and_a_relative_one_is_made_absolute()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TORGHUT_DATA_DIR"] = "state" }).Build();
        Torghut.Host.Storage.DataDirectory.Resolve(config).ShouldBe(Path.GetFullPath("state"));
    }
}
