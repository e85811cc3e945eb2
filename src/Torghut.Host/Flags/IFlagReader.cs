using Microsoft.Extensions.Primitives;

namespace Torghut.Host.Flags;

/// <summary>Reads the effective flags. The lane supervisor is the only code that reacts to their changes.</summary>
public interface IFlagReader
{
    Task<bool> IsEnabledAsync(string flagKey);

    /// <summary>Every known flag plus any other flag a layer defines, with value and source.</summary>
    Task<IReadOnlyList<FlagState>> ReadAllAsync();

    /// <summary>Fires when any configuration layer reloads (e.g. the flags file changed).</summary>
    IChangeToken GetChangeToken();

    /// <summary>Why the flags file's latest edit is not in force, when it is not.</summary>
    string? FlagsFileError { get; }
}
