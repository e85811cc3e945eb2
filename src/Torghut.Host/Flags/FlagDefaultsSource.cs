using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>Lowest layer: every known flag off, as upstream's defaults.</summary>
public sealed class FlagDefaultsSource : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider();

    private sealed class Provider : ConfigurationProvider, IFlagSource
    {
        public override void Load()
        {
            foreach (var key in FlagKeys.All) Data[FlagKeys.ConfigPath(key)] = "false";
        }

        public string Describe(string flagKey) => "default";
    }
}
