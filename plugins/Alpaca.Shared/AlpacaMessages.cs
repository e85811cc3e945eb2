using System.Buffers;
using System.Text;
using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>Builds the client → server text messages. Utf8JsonWriter escapes keys, secrets and symbols for us.</summary>
internal static class AlpacaMessages
{
    public static string Auth(VenueCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Write(w =>
        {
            w.WriteString("action", "auth");
            w.WriteString("key", credentials.KeyId);
            w.WriteString("secret", credentials.Secret);
        });
    }

    /// <summary>
    /// One message per chunk of at most <paramref name="chunkSize"/> symbols, each listing the chunk under every channel
    /// (Alpaca subscriptions are additive, so chunks simply accumulate).
    /// </summary>
    public static IReadOnlyList<string> Subscription(
        string action, IReadOnlyList<string> channels, IReadOnlyList<string> symbols,
        IReadOnlyList<string> supported, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(symbols);
        var wanted = new List<string>(channels.Count);
        foreach (var channel in channels)
        {
            if (channel is null || !supported.Contains(channel))
                throw new ArgumentException(
                    $"channel '{channel}' is not supported on this stream; supported: {string.Join(", ", supported)}",
                    nameof(channels));
            if (!wanted.Contains(channel)) wanted.Add(channel);
        }
        if (wanted.Count == 0)
            throw new ArgumentException("at least one channel is required", nameof(channels));
        for (int i = 0; i < symbols.Count; i++)
            if (string.IsNullOrWhiteSpace(symbols[i]))
                throw new ArgumentException($"symbol at position {i} is null or blank", nameof(symbols));

        var messages = new List<string>((symbols.Count + chunkSize - 1) / chunkSize);
        for (int start = 0; start < symbols.Count; start += chunkSize)
        {
            var end = Math.Min(start + chunkSize, symbols.Count);
            messages.Add(Write(w =>
            {
                w.WriteString("action", action);
                foreach (var channel in wanted)
                {
                    w.WriteStartArray(channel);
                    for (int i = start; i < end; i++) w.WriteStringValue(symbols[i]);
                    w.WriteEndArray();
                }
            }));
        }
        return messages;
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
