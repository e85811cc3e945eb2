using Torghut.Host.Configuration;
using Torghut.Tests.Support;

namespace Torghut.Tests.Shutdown;

/// <summary>A shutdown budget `run` could not keep is refused before anything starts, naming the setting.</summary>
public sealed class ShutdownSettingTests
{
    [Theory]
    [InlineData("500")]
    [InlineData("15s")]
    public async Task Run_refuses_an_invalid_shutdown_timeout_with_exit_2(string value)
    {
        var env = new Dictionary<string, string?>
        {
            [ConfigKeys.ShutdownTimeoutMs] = value, [ConfigKeys.PluginsDir] = RepoPaths.HostPlugins,
        };
        var (code, _, err) = await CliRunner.RunAsync(env, "run", "--url", $"http://127.0.0.1:{HostProcess.FreePort()}");
        code.ShouldBe(2);
        err.ShouldContain(ConfigKeys.ShutdownTimeoutMs);
    }
}
