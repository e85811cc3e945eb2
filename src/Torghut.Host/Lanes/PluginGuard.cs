using Torghut.Abstractions;

namespace Torghut.Host.Lanes;

/// <summary>Plugin code threw where its contract says it does not; carries which plugin and which call.</summary>
public sealed class PluginFaultException(string plugin, string call, Exception inner)
    : Exception($"plugin {plugin} threw in {call}: {inner.GetType().Name}: {inner.Message}", inner)
{
    public string Plugin { get; } = plugin;
    public string Call { get; } = call;
}

/// <summary>
/// Wraps the feed, backfill source and codec a lane gets from its plugin. An exception the contract does not allow
/// (anything from Decode or the codec; anything but ArgumentException/FormatException from the documented calls) is
/// recorded as the lane's fault, the lane is stopped through <paramref name="onFault"/>, and a
/// <see cref="PluginFaultException"/> is thrown in its place — a type the session does not mistake for a dropped
/// connection, so it ends the lane instead of reconnecting forever. The host and the other lanes carry on.
/// </summary>
public sealed class PluginGuard(string plugin, Action<PluginFaultException> onFault)
{
    private PluginFaultException? _fault;

    /// <summary>The first fault, or null.</summary>
    public PluginFaultException? Fault => Volatile.Read(ref _fault);

    public LanePlan Wrap(LanePlan plan) => plan with
    {
        Feed = plan.Feed is null ? null : new GuardedFeed(plan.Feed, this),
        // The optional history capability survives the wrapping: the repair finds it by type test.
        Backfill = plan.Backfill switch
        {
            null => null,
            IMarketHistorySource history => new GuardedHistory(plan.Backfill, history, this),
            _ => new GuardedBackfill(plan.Backfill, this),
        },
        Codec = plan.Codec is null ? null : new GuardedCodec(plan.Codec, this),
    };

    private PluginFaultException Report(string call, Exception e)
    {
        var fault = new PluginFaultException(plugin, call, e);
        if (Interlocked.CompareExchange(ref _fault, fault, null) is null) onFault(fault);
        return fault;
    }

    private T Call<T>(string call, Func<T> body)
    {
        try { return body(); }
        catch (Exception e) when (e is not PluginFaultException) { throw Report(call, e); }
    }

    private sealed class GuardedFeed(IFeedEndpoint inner, PluginGuard guard) : IFeedEndpoint
    {
        public Uri StreamUri => guard.Call("StreamUri", () => inner.StreamUri);
        public IReadOnlyList<string> SupportedChannels => guard.Call("SupportedChannels", () => inner.SupportedChannels);
        public IReadOnlyList<string> Channels => guard.Call("Channels", () => inner.Channels);
        public int MaxSymbolsPerMessage => guard.Call("MaxSymbolsPerMessage", () => inner.MaxSymbolsPerMessage);
        public string BuildAuthMessage(VenueCredentials credentials) => guard.Call("BuildAuthMessage", () => inner.BuildAuthMessage(credentials));

        public IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols)
        {
            try { return inner.BuildSubscribeMessages(channels, symbols); }
            catch (Exception e) when (e is not (ArgumentException or PluginFaultException)) { throw guard.Report("BuildSubscribeMessages", e); }
        }

        public IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols)
        {
            try { return inner.BuildUnsubscribeMessages(channels, symbols); }
            catch (Exception e) when (e is not (ArgumentException or PluginFaultException)) { throw guard.Report("BuildUnsubscribeMessages", e); }
        }

        // The hot path: one extra interface call and a try block that costs nothing until something throws.
        public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink)
        {
            try { inner.Decode(frame, sink); }
            catch (Exception e) when (e is not PluginFaultException) { throw guard.Report("Decode", e); }
        }
    }

    private class GuardedBackfill(IBackfillSource inner, PluginGuard guard) : IBackfillSource
    {
        protected PluginGuard Guard => guard;

        public int MaxPageSize => guard.Call("MaxPageSize", () => inner.MaxPageSize);

        public HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials)
        {
            try { return inner.BuildRequest(request, credentials); }
            catch (Exception e) when (e is not (ArgumentException or PluginFaultException)) { throw guard.Report("BuildRequest", e); }
        }

        public BarsPage DecodePage(ReadOnlySpan<byte> body)
        {
            try { return inner.DecodePage(body); }
            catch (Exception e) when (e is not (FormatException or PluginFaultException)) { throw guard.Report("DecodePage", e); }
        }
    }

    private sealed class GuardedHistory(IBackfillSource inner, IMarketHistorySource history, PluginGuard owner)
        : GuardedBackfill(inner, owner), IMarketHistorySource
    {
        public int MaxHistoryPageSize => Guard.Call("MaxHistoryPageSize", () => history.MaxHistoryPageSize);
        public bool SupportsHistory(HistoryKind kind) => Guard.Call("SupportsHistory", () => history.SupportsHistory(kind));

        public HttpRequestSpec BuildHistoryRequest(HistoryRequest request, VenueCredentials? credentials)
        {
            try { return history.BuildHistoryRequest(request, credentials); }
            catch (Exception e) when (e is not (ArgumentException or PluginFaultException)) { throw Guard.Report("BuildHistoryRequest", e); }
        }

        public HistoryPage DecodeHistoryPage(HistoryKind kind, ReadOnlySpan<byte> body)
        {
            try { return history.DecodeHistoryPage(kind, body); }
            catch (Exception e) when (e is not (FormatException or PluginFaultException)) { throw Guard.Report("DecodeHistoryPage", e); }
        }
    }

    private sealed class GuardedCodec(ISymbolCodec inner, PluginGuard guard) : ISymbolCodec
    {
        public Market Market => guard.Call("Market", () => inner.Market);
        public SymbolResult Canonicalize(string? raw) => guard.Call("Canonicalize", () => inner.Canonicalize(raw));
        public string ToBrokerForm(string canonical) => guard.Call("ToBrokerForm", () => inner.ToBrokerForm(canonical));
    }
}
