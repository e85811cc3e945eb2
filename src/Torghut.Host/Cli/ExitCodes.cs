namespace Torghut.Host.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran and something failed (e.g. a plugin failed to load, a server could not start).</summary>
    public const int Failure = 1;
    /// <summary>Bad arguments or bad configuration: nothing was done.</summary>
    public const int Usage = 2;
    /// <summary>`gate`: a source (host, Kafka, store) could not be reached, so the verdict is unknown (never a pass).</summary>
    public const int Unreachable = 2;
}
