namespace Torghut.Host.Storage;

/// <summary>
/// The store could not do what was asked (server unreachable, schema missing, write refused). Messages name the
/// server by its URL without credentials and never contain the password.
/// </summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
