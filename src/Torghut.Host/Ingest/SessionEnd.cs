namespace Torghut.Host.Ingest;

/// <summary>How long to wait before the next connection, by what ended the last one.</summary>
public enum RetryKind { Backoff, ConfigError, ConnectionLimit }

/// <summary>Ends one connection with a reason operators can read and a stable error class.</summary>
public sealed class SessionEndException(string reason, string errorClass, RetryKind retry) : Exception(reason)
{
    public string ErrorClass { get; } = errorClass;
    public RetryKind Retry { get; } = retry;
}
