namespace Torghut.Benchmarks;

/// <summary>
/// Counts Alpaca messages in a JSON frame by their <c>"T":</c> key: every message has exactly one and no value in a
/// simulator frame contains that text. A vectorized span search, so the client costs far less than the server.
/// </summary>
public static class MarkerCounter
{
    public static int Count(ReadOnlySpan<byte> frame)
    {
        var count = 0;
        while (true)
        {
            var at = frame.IndexOf("\"T\":"u8);
            if (at < 0) return count;
            count++;
            frame = frame[(at + 4)..];
        }
    }
}
