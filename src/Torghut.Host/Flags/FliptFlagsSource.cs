using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>Configuration layer backed by a Flipt flags file (TORGHUT_FLAGS_FILE), re-read when it changes.</summary>
public sealed class FliptFlagsSource(string path, TimeSpan pollInterval) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new FliptFlagsProvider(path, pollInterval);
}

/// <summary>
/// Polls the file's timestamp, size and content rather than relying on inotify: GitOps tools replace files by
/// rename and ConfigMap mounts swap symlinks, both of which file watchers miss. A broken edit at runtime keeps the
/// last good flags and is reported in <see cref="LastError"/>; a broken file at startup is a config error.
/// </summary>
public sealed class FliptFlagsProvider : ConfigurationProvider, IFlagSource, IDisposable
{
    private readonly Timer _timer;
    private readonly object _gate = new();
    private string? _lastContent;
    private int _loaded;

    public FliptFlagsProvider(string path, TimeSpan pollInterval)
    {
        FilePath = path;
        _timer = new Timer(_ => Poll(), null, pollInterval, pollInterval);
    }

    public string FilePath { get; }

    /// <summary>Why the latest change to the file was not applied; null when the file in force is the file on disk.</summary>
    public string? LastError { get; private set; }

    /// <summary>Counts applied reloads (for tests and the status page).</summary>
    public int ReloadCount { get; private set; }

    public override void Load()
    {
        if (Interlocked.Exchange(ref _loaded, 1) == 1) return;
        if (!File.Exists(FilePath)) throw new ConfigException($"{ConfigKeys.FlagsFile}: file not found: {FilePath}");
        var content = File.ReadAllText(FilePath);
        Data = ToData(FliptFlagsFile.Parse(content, FilePath));
        _lastContent = content;
    }

    private void Poll()
    {
        // Timer ticks can overlap on a slow disk; one poll at a time, the skipped one is redone next tick.
        if (!Monitor.TryEnter(_gate)) return;
        try { PollOnce(); }
        finally { Monitor.Exit(_gate); }
    }

    private void PollOnce()
    {
        string content;
        try
        {
            if (!File.Exists(FilePath))
            {
                LastError = $"file not found: {FilePath}; keeping the last good flags";
                return;
            }
            content = File.ReadAllText(FilePath);
        }
        catch (IOException e)
        {
            LastError = $"cannot read {FilePath}: {e.Message}; keeping the last good flags";
            return;
        }
        if (content == _lastContent) return;
        try
        {
            Data = ToData(FliptFlagsFile.Parse(content, FilePath));
            _lastContent = content;
            LastError = null;
            ReloadCount++;
            OnReload();
        }
        catch (ConfigException e)
        {
            LastError = e.Message + "; keeping the last good flags";
        }
    }

    private static Dictionary<string, string?> ToData(IReadOnlyDictionary<string, bool> flags) =>
        flags.ToDictionary(f => FlagKeys.ConfigPath(f.Key), f => (string?)FlagBool.Text(f.Value), StringComparer.OrdinalIgnoreCase);

    public string Describe(string flagKey) => $"flags file {FilePath}";

    public void Dispose() => _timer.Dispose();
}
