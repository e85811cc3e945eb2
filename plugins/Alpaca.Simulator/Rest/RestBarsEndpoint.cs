using System.Globalization;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;
using Alpaca.Simulator.Serialization;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// Historical bars at Alpaca's paths. Bars come from the same market model as the stream, as known at the
/// simulator's "now": a minute is visible once its bar was published, in its latest (possibly updated) version.
/// </summary>
internal sealed class RestBarsEndpoint(SimulatorContext sim)
{
    public byte[] Build(IQueryCollection query, RestRoute route, RestFault? fault)
    {
        var q = RestQuery.Parse(query, route, sim.Clock.NowNanos, route.Class == AssetClass.Crypto ? ["timeframe"] : ["timeframe", "adjustment"]);
        var timeframe = Timeframe.Parse(query["timeframe"].ToString())
            ?? throw new RestBadRequest(query.ContainsKey("timeframe") ? $"invalid timeframe: {query["timeframe"]}" : "missing timeframe");
        if (query.TryGetValue("adjustment", out var adj) && adj.ToString() is not ("raw" or "split" or "dividend" or "spin-off" or "all"))
            throw new RestBadRequest($"invalid adjustment: {adj}");
        string? resumeSymbol = null;
        long resumeBucket = 0;
        if (q.PageToken is { } token)
        {
            var fields = PageToken.Decode(token, 2, q.Symbols);
            if (!long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out resumeBucket))
                throw new RestBadRequest("invalid page_token");
            resumeSymbol = fields[0];
        }
        if (fault is { Kind: FaultKind.RestWrongTimeframe }) timeframe = timeframe.Other();

        var startMinute = MarketModel.MinuteOf(q.StartNanos + 59_999_999_999L); // first whole minute at or after start
        var endMinute = Math.Min(MarketModel.MinuteOf(q.EndNanos), MarketModel.MinuteOf(q.NowNanos));
        IEnumerable<SimBar> Items(string symbol, bool resume) =>
            BarsOf(symbol, timeframe, startMinute, endMinute, q.NowNanos, q.Desc, resume ? resumeBucket : null);
        var page = RestPage<SimBar>.Collect(q, resumeSymbol, Items,
            (symbol, bar) => PageToken.Encode(symbol, MarketModel.MinuteOf(bar.Time.UnixNanoseconds).ToString(CultureInfo.InvariantCulture)));

        if (fault is { Kind: FaultKind.RestForeignSymbol })
        {
            var foreign = RestDataFaults.ForeignSymbol(sim.Market, q);
            RestDataFaults.AddForeignSymbol(page, q, foreign, Items(foreign, false));
        }
        if (fault is { Kind: FaultKind.RestOutOfRange })
        {
            RestDataFaults.AddOutOfRange(page, bar => bar with
            {
                Time = new NanoTimestamp(MarketModel.MinuteStartNanos(timeframe.PreviousBucket(bar.Symbol, FirstBucket(timeframe, bar.Symbol, startMinute)))),
            });
        }
        return page.ToJson(q, EventEncoder.WriteRestBar);
    }

    private static long FirstBucket(Timeframe tf, string symbol, long startMinute)
    {
        var bucket = tf.BucketStart(symbol, startMinute);
        return bucket < startMinute ? tf.NextBucket(symbol, bucket) : bucket;
    }

    /// <summary>The bars of one symbol whose start lies in [startMinute, endMinute], in the requested order.</summary>
    private IEnumerable<SimBar> BarsOf(string symbol, Timeframe tf, long startMinute, long endMinute, long now, bool desc, long? resumeBucket)
    {
        if (endMinute < startMinute) yield break;
        var cls = MarketModel.ClassOf(symbol);
        if (!desc)
        {
            var bucket = FirstBucket(tf, symbol, startMinute);
            if (resumeBucket is { } r && r > bucket) bucket = r;
            for (; bucket <= endMinute; bucket = tf.NextBucket(symbol, bucket))
                if (Aggregate(symbol, cls, tf, bucket, now) is { } bar) yield return bar;
        }
        else
        {
            var bucket = tf.BucketStart(symbol, endMinute);
            if (resumeBucket is { } r && r < bucket) bucket = r;
            for (; bucket >= startMinute; bucket = tf.PreviousBucket(symbol, bucket))
                if (Aggregate(symbol, cls, tf, bucket, now) is { } bar) yield return bar;
        }
    }

    private SimBar? Aggregate(string symbol, AssetClass cls, Timeframe tf, long bucket, long now)
    {
        if (tf.Minutes == 1 && !tf.Daily) return sim.Market.BarAsOf(symbol, bucket, now, cache: false);
        var acc = new BarAccumulator();
        var end = tf.NextBucket(symbol, bucket);
        for (var m = bucket; m < end; m++)
        {
            var b = sim.Market.BarAsOf(symbol, m, now, cache: false);
            if (b is null)
            {
                if (MarketModel.MinuteStartNanos(m) > now) break;
                continue;
            }
            acc.AddBar(b);
        }
        return acc.Empty ? null : acc.ToBar(symbol, new NanoTimestamp(MarketModel.MinuteStartNanos(bucket)), cls);
    }
}
