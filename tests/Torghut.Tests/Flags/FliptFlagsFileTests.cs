using Torghut.Host.Configuration;
using Torghut.Host.Flags;

namespace Torghut.Tests.Flags;

public sealed class FliptFlagsFileTests
{
    [Fact]
    public void Reads_upstream_gitops_format_and_skips_variant_flags()
    {
        const string yaml = """
            namespace: default
            flags:
              - key: torghut_ws_crypto_enabled
                name: Torghut WS crypto enabled
                description: Enable crypto market data
                type: BOOLEAN_FLAG_TYPE
                enabled: true
              - key: torghut_trading_crypto_live_enabled
                name: live
                type: BOOLEAN_FLAG_TYPE
                enabled: false
                rollouts: []
              - key: jangar_market_context
                name: variant flag
                type: VARIANT_FLAG_TYPE
                variants: [{key: a}]
            segments: []
            """;
        var flags = FliptFlagsFile.Parse(yaml, "features.yaml");
        flags.ShouldBe(new Dictionary<string, bool>
        {
            ["torghut_ws_crypto_enabled"] = true,
            ["torghut_trading_crypto_live_enabled"] = false,
        });
    }

    [Theory]
    [InlineData("namespace: default\n", "no 'flags' list")]
    [InlineData("flags:\n  - name: x\n    enabled: true\n", "flags[0] has no 'key'")]
    [InlineData("flags:\n  - key: a\n    type: BOOLEAN_FLAG_TYPE\n", "flag 'a' has no 'enabled' value")]
    [InlineData("flags:\n  - key: a\n    enabled: true\n  - key: a\n    enabled: false\n", "flag 'a' is listed twice")]
    [InlineData("flags: [\n  - key: a", "invalid YAML at line")]
    [InlineData("flags:\n  - key: a\n    enabled: perhaps\n", "invalid YAML")]
    public void Malformed_files_are_rejected_with_the_problem_named(string yaml, string message)
    {
        Should.Throw<ConfigException>(() => FliptFlagsFile.Parse(yaml, "f.yaml")).Message.ShouldContain(message);
    }
}
