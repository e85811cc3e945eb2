using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;
using Torghut.Host;

namespace Torghut.Tests.Flags;

public sealed class FlagFileReloadTests
{
    [Fact]
    public async Task An_edited_flags_file_is_applied_without_restart_and_a_broken_edit_keeps_the_last_good_flags()
    {
        using var dir = new TempDir();
        var file = dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        var configuration = TorghutConfiguration.Build(new Dictionary<string, string?>
        {
            [ConfigKeys.FlagsFile] = file, [ConfigKeys.FlagsPollMs] = "50",
        }, dir.Path);
        using var _ = (IDisposable)configuration;
        await using var services = HostComposition.BuildForCommand(configuration, LogLevel.None);
        var reader = services.GetRequiredService<IFlagReader>();
        (await reader.IsEnabledAsync(FlagKeys.WsCrypto)).ShouldBeFalse();

        var reloaded = false;
        reader.GetChangeToken().RegisterChangeCallback(_ => reloaded = true, null);
        FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
        await Eventually.HoldsAsync(() => reader.IsEnabledAsync(FlagKeys.WsCrypto), "flag turned on by the file");
        reloaded.ShouldBeTrue();

        File.WriteAllText(file, "flags: [ broken");
        await Eventually.HoldsAsync(() => reader.FlagsFileError is not null, "broken edit reported");
        reader.FlagsFileError.ShouldContain("keeping the last good flags");
        (await reader.IsEnabledAsync(FlagKeys.WsCrypto)).ShouldBeTrue();

        FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        await Eventually.HoldsAsync(async () => !await reader.IsEnabledAsync(FlagKeys.WsCrypto), "flag turned off again");
        reader.FlagsFileError.ShouldBeNull();
    }
}
