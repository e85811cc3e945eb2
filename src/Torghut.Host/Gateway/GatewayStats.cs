namespace Torghut.Host.Gateway;

/// <summary>What the gateway did since start (its /status page, tests and the benchmark).</summary>
public sealed class GatewayStats
{
    private long _envelopesRead, _malformed, _skipped, _delivered, _slowClients, _clients, _connections;

    public long EnvelopesRead => Interlocked.Read(ref _envelopesRead);

    /// <summary>Envelopes that could not be read as one (counted, skipped: bad input never stops the feed).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Records that are not stream data: lane heartbeats, REST repairs.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Messages handed to clients' sockets, summed over clients.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Clients closed with 407 because their queue overflowed.</summary>
    public long SlowClients => Interlocked.Read(ref _slowClients);

    public long Clients => Interlocked.Read(ref _clients);
    public long Connections => Interlocked.Read(ref _connections);

    internal void Read(AlpacaMessageEncoding.Skip skip)
    {
        Interlocked.Increment(ref _envelopesRead);
        if (skip == AlpacaMessageEncoding.Skip.Malformed) Interlocked.Increment(ref _malformed);
        else if (skip == AlpacaMessageEncoding.Skip.NotStreamData) Interlocked.Increment(ref _skipped);
    }

    internal void Sent(int messages) => Interlocked.Add(ref _delivered, messages);
    internal void Slow() => Interlocked.Increment(ref _slowClients);

    internal void Connected()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _clients);
    }

    internal void Disconnected() => Interlocked.Decrement(ref _clients);
}
