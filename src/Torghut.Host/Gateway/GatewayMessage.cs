using Torghut.AlpacaStream;

namespace Torghut.Host.Gateway;

/// <summary>
/// One Alpaca data message re-encoded from an envelope, shared by every client it goes to: the JSON form is built once
/// when it is read, the MessagePack form once on first use (only MessagePack clients pay for it).
/// </summary>
internal sealed class GatewayMessage(string symbol, ChannelMask channel, bool crypto, byte[] json, long readTimestamp)
{
    private byte[]? _msgPack;

    public string Symbol { get; } = symbol;
    public ChannelMask Channel { get; } = channel;
    public bool Crypto { get; } = crypto;

    /// <summary>The message as Alpaca's JSON object, <c>{"T":"t","S":…}</c>, without the enclosing array.</summary>
    public byte[] Json { get; } = json;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of when the gateway read the envelope.</summary>
    public long ReadTimestamp { get; } = readTimestamp;

    /// <summary>
    /// The same message as one MessagePack map, <c>T</c> first and <c>t</c> as a timestamp extension.
    /// </summary>
    public byte[] MsgPack => _msgPack ??= AlpacaMessageEncoding.JsonToMsgPack(Json);
}
