using Microsoft.Extensions.Logging;

namespace Torghut.Tests.Support;

/// <summary>Keeps every formatted log line (thread-safe: sessions log from their own threads).</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    /// <summary>The lines so far (a copy).</summary>
    public List<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add(formatter(state, exception));
    }
}
