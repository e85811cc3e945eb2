using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Microsoft.FeatureManagement;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>
/// Values come from Microsoft.FeatureManagement (so filters and the standard schema work); sources come from
/// asking the configuration layers, last first, which one holds the key.
/// </summary>
public sealed class FlagReader(IFeatureManager features, IConfiguration configuration) : IFlagReader, IHostComponent
{
    private readonly IConfigurationRoot? _root = configuration as IConfigurationRoot;

    public Task<bool> IsEnabledAsync(string flagKey) => features.IsEnabledAsync(flagKey);

    public async Task<IReadOnlyList<FlagState>> ReadAllAsync()
    {
        var keys = new List<string>(FlagKeys.All);
        foreach (var child in configuration.GetSection(FlagKeys.Section).GetChildren())
            if (!keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase)) keys.Add(child.Key);
        var result = new List<FlagState>(keys.Count);
        foreach (var key in keys)
            result.Add(new FlagState(key, await features.IsEnabledAsync(key), SourceOf(key)));
        return result;
    }

    public IChangeToken GetChangeToken() => configuration.GetReloadToken();

    public string? FlagsFileError => _root?.Providers.OfType<FliptFlagsProvider>().FirstOrDefault()?.LastError;

    private string SourceOf(string key)
    {
        if (_root is null) return "configuration";
        var path = FlagKeys.ConfigPath(key);
        foreach (var provider in _root.Providers.Reverse())
        {
            if (!provider.TryGet(path, out _)) continue;
            return provider switch
            {
                IFlagSource described => described.Describe(key),
                FileConfigurationProvider file => file.Source.Path ?? "appsettings.json",
                _ => $"env {FlagKeys.Section}__{key}",
            };
        }
        return "default";
    }
}
