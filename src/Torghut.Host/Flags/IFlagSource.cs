namespace Torghut.Host.Flags;

/// <summary>A configuration provider that can say where a flag's value came from, for `torghut flags`.</summary>
public interface IFlagSource
{
    /// <summary>Human-readable origin of <paramref name="flagKey"/>'s value in this layer, e.g. <c>env TORGHUT_WS_CRYPTO_ENABLED</c>.</summary>
    string Describe(string flagKey);
}
