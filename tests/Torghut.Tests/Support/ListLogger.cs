using Microsoft.Extensions.Logging;

namespace Torghut.Tests.Support;

/// <summary>A logger that keeps what it is given, for tests that assert what an operator would read.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Text)> _entries = [];

    public IReadOnlyList<string> Lines { get { lock (_entries) return [.. _entries.Select(e => e.Text)]; } }

    /// <summary>Lines at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) { lock (_entries) return [.. _entries.Where(e => e.Level >= level).Select(e => e.Text)]; }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
