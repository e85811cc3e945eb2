namespace Torghut.Host.Configuration;

/// <summary>Invalid operator configuration. The CLI prints the message and exits with code 2.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
