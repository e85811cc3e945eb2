namespace Torghut.Host.Universe.Symbols;

/// <summary>
/// The symbols database could not be reached or refused a statement. The message names the database (never its
/// password) and the reason; the endpoints answer 503 with it.
/// </summary>
public sealed class SymbolStoreException(string message, Exception? inner = null) : Exception(message, inner);
