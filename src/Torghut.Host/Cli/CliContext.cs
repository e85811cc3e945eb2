using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings;

namespace Torghut.Host.Cli;

/// <summary>Where a command writes and which environment it reads; tests pass their own.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? environment = null)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public IReadOnlyDictionary<string, string?>? Environment { get; } = environment;

    public static CliContext Console() => new(System.Console.Out, System.Console.Error);

    public IConfigurationRoot BuildConfiguration() => TorghutConfiguration.Build(Environment);

    /// <summary>The configuration with every setting of the catalogue checked: a refused value throws, naming
    /// it.</summary>
    public IConfigurationRoot BuildCheckedConfiguration()
    {
        var configuration = BuildConfiguration();
        try { SettingsCatalogue.Validate(configuration); }
        catch
        {
            (configuration as IDisposable)?.Dispose();
            throw;
        }
        return configuration;
    }

    /// <summary>Runs a one-shot command body with a container; config errors become exit code 2 with the message.</summary>
    public async Task<int> RunAsync(Func<IServiceProvider, Task<int>> body, LogLevel logLevel = LogLevel.Warning)
    {
        IConfigurationRoot configuration;
        try { configuration = BuildCheckedConfiguration(); }
        catch (ConfigException e)
        {
            await Err.WriteLineAsync($"configuration error: {e.Message}");
            return ExitCodes.Usage;
        }
        using (configuration as IDisposable)
        await using (var services = HostComposition.BuildForCommand(configuration, logLevel))
        {
            return await body(services);
        }
    }
}
