using Microsoft.Extensions.Configuration;
using Torghut.Host.Cli;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings;
using Torghut.Tests.Support;

namespace Torghut.Tests.Configuration;

public sealed class SettingsCatalogueTests
{
    [Fact]
    public void Docs_configuration_md_is_the_catalogue_rendered()
    {
        var committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md")).Replace("\r", "");
        committed.ShouldBe(ConfigurationMarkdown.Render(),
            "docs/configuration.md is stale: run `torghut settings --markdown > docs/configuration.md`");
    }

    [Fact]
    public void The_catalogue_declares_the_settings_the_modules_read_and_every_default_is_allowed()
    {
        SettingsCatalogue.All.Count.ShouldBeGreaterThan(100);
        SettingsCatalogue.Names.ShouldContain("TA_BATCH_MS");
        SettingsCatalogue.Names.ShouldContain("HEALTH_NOT_READY_KILL_AFTER_MS"); // an alias counts as a name
        SettingsCatalogue.Names.ShouldContain("TORGHUT_WS_CRYPTO_ENABLED");      // flag overrides too
        SettingsCatalogue.All.ShouldAllBe(s => s.Description.Length > 0 && s.Module.Length > 0);
        // Unset, every setting reads its default: a default outside its own bounds would fail here.
        Should.NotThrow(() => SettingsCatalogue.Validate(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void Validate_names_every_refused_setting_at_once_and_hides_secrets()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TA_BATCH_MS"] = "abc", ["TORGHUT_HEARTBEAT_MS"] = "-5", ["SLO_EQUITY_SESSION"] = "weekend",
            ["TA_CLICKHOUSE_URL"] = "not a url with s3cret",
        }).Build();
        var message = Should.Throw<ConfigException>(() => SettingsCatalogue.Validate(config)).Message;
        message.ShouldContain("TA_BATCH_MS: 'abc'");
        message.ShouldContain("TORGHUT_HEARTBEAT_MS: '-5'");
        message.ShouldContain("SLO_EQUITY_SESSION: 'weekend'");
        message.ShouldContain("TA_CLICKHOUSE_URL");
        message.ShouldNotContain("s3cret");
    }

    [Fact]
    public void A_secret_pasted_into_another_setting_is_not_quoted()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KAFKA_PASSWORD"] = "pa55word-xyz", ["KAFKA_LINGER_MS"] = "pa55word-xyz",
        }).Build();
        var message = Should.Throw<ConfigException>(() => SettingsCatalogue.Validate(config)).Message;
        message.ShouldContain("KAFKA_LINGER_MS");
        message.ShouldNotContain("pa55word-xyz");
    }

    [Theory]
    [InlineData("TA_BATCH_MS", "abc")]
    [InlineData("TORGHUT_KAFKA_PROBE_MS", "0")]
    [InlineData("TORGHUT_READ_RATE_LIMIT", "many")]
    public async Task A_one_shot_command_exits_2_naming_a_refused_setting(string key, string value)
    {
        var (code, _, err) = await CliRunner.RunAsync(new Dictionary<string, string?> { [key] = value }, "flags");
        code.ShouldBe(ExitCodes.Usage);
        err.ShouldContain($"{key}: '{value}'");
    }

    [Fact]
    public async Task The_settings_command_lists_effective_values_and_never_prints_a_secret()
    {
        var (code, output, _) = await CliRunner.RunAsync(new Dictionary<string, string?>
        {
            ["TA_BATCH_MS"] = "350", ["KAFKA_PASSWORD"] = "hunter2-secret",
        }, "settings");
        code.ShouldBe(ExitCodes.Ok);
        output.ShouldContain("TA_BATCH_MS");
        output.ShouldContain("350");
        output.ShouldContain("(set, secret)");
        output.ShouldNotContain("hunter2-secret");
        output.ShouldContain("(default) `10000`"); // e.g. TORGHUT_HEARTBEAT_MS, unset
    }

    [Fact]
    public async Task Run_exits_2_naming_a_refused_setting_before_it_starts_anything()
    {
        await using var host = HostProcess.Launch("run", new Dictionary<string, string> { ["TA_BATCH_MS"] = "abc" });
        (await host.ExitCodeWithinAsync(TimeSpan.FromSeconds(60))).ShouldBe(2);
        host.Output.ShouldContain("TA_BATCH_MS: 'abc' is not allowed; expected whole milliseconds >= 1");
        host.Output.ShouldNotContain("torghut running");
    }
}
