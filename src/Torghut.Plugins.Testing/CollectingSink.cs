using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Collects what one decode produced, with each record also as comparable text (lists by content).</summary>
internal sealed class CollectingSink : IFeedSink
{
    private static readonly JsonSerializerOptions TextOptions = new()
    {
        // Records with NaN must still be describable: the validity check reports them, not the serializer.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public List<object> Records { get; } = [];
    public List<DecodeError> Errors { get; } = [];
    public List<ControlMessage> Controls { get; } = [];

    /// <summary>Every data record as text, in order; equal texts mean equal records, list contents included.</summary>
    public IEnumerable<string> RecordTexts => Records.Select(Describe);

    public void OnTrade(in Trade trade) => Records.Add(trade);
    public void OnQuote(in Quote quote) => Records.Add(quote);
    public void OnBar(in Bar bar) => Records.Add(bar);
    public void OnStatus(in TradingStatus status) => Records.Add(status);
    public void OnOrderBook(in OrderBookUpdate update) => Records.Add(update);
    public void OnControl(ControlMessage control) => Controls.Add(control);
    public void OnDecodeError(in DecodeError error) => Errors.Add(error);

    public static string Describe(object record) =>
        record.GetType().Name + JsonSerializer.Serialize(record, record.GetType(), TextOptions);

    /// <summary>Decodes one frame; an exception escaping the plugin is returned rather than thrown.</summary>
    public static (CollectingSink Sink, Exception? Thrown) Decode(IFeedEndpoint feed, ReadOnlySpan<byte> frame)
    {
        var sink = new CollectingSink();
        try { feed.Decode(frame, sink); }
        catch (Exception e) { return (sink, e); }
        return (sink, null);
    }
}
