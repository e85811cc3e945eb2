using Torghut.Abstractions;
using Torghut.Host.Ingest;

using static Torghut.Tests.Ingest.TestFrames;

namespace Torghut.Tests.Ingest;

/// <summary>
/// Per-pair ingest as the decoder records it: the envelope writer updates each pair through its cached header entry,
/// so what the session reports must still follow the table's rules (both channels count, newest wins, bounded,
/// forgotten symbols start over).
/// </summary>
public sealed class PairIngestSinkTests
{
    private static Quote Quote(string symbol, NanoTimestamp t) => new(symbol, 1, 2, 3, 4, t);

    private static Trade Trade(string symbol, NanoTimestamp t, double price = 1) => new(symbol, price, 2, t);

    [Fact]
    public void A_quote_only_pair_and_a_pair_with_trades_and_quotes_report_their_newest_event_and_all_their_events()
    {
        var now = Ms(10);
        var sink = Sink(() => now);
        var plain = Writer(() => now); // no pair tracking
        var written = new List<byte[]>();
        var expected = new List<byte[]>();

        sink.Clear();
        plain.BeginFrame();
        sink.OnQuote(Quote("ETH/USD", Ms(1)));
        sink.OnTrade(Trade("BTC/USD", Ms(2)));
        expected.Add(plain.Quote(Quote("ETH/USD", Ms(1))).Value.ToArray());
        expected.Add(plain.Trade(Trade("BTC/USD", Ms(2))).Value.ToArray());
        written.AddRange(sink.Records.Select(r => r.Value.ToArray()));

        now = Ms(20);
        sink.Clear();
        plain.BeginFrame();
        sink.OnQuote(Quote("BTC/USD", Ms(15)));
        sink.OnTrade(Trade("BTC/USD", Ms(5))); // late, older trade: counted, not newest
        sink.OnTrade(Trade("BTC/USD", Ms(16), double.NaN)); // no envelope, so no event
        expected.Add(plain.Quote(Quote("BTC/USD", Ms(15))).Value.ToArray());
        expected.Add(plain.Trade(Trade("BTC/USD", Ms(5))).Value.ToArray());
        written.AddRange(sink.Records.Select(r => r.Value.ToArray()));

        sink.Errors.ShouldHaveSingleItem();
        written.ShouldBe(expected); // tracking pairs leaves the envelopes' bytes as they were
        var pairs = sink.Pairs.Snapshot(["BTC/USD", "ETH/USD", "SOL/USD"]);
        pairs.Keys.Order().ShouldBe(["BTC/USD", "ETH/USD"]);
        pairs["ETH/USD"].ShouldBe(new PairIngest(Ms(1), Ms(10), 1));
        pairs["BTC/USD"].ShouldBe(new PairIngest(Ms(15), Ms(20), 3));
        pairs["BTC/USD"].EventToIngestMs.ShouldBe(5.0);
    }

    [Fact]
    public void A_full_table_counts_new_symbols_as_untracked_until_an_unsubscribed_symbol_frees_room_and_a_forgotten_symbol_starts_over()
    {
        var sink = Sink(() => Ms(100));
        sink.Clear();
        for (var i = 0; i < PairIngestTable.MaxPairs; i++) sink.OnQuote(Quote($"S{i}", Ms(1)));
        sink.OnTrade(Trade("EXTRA", Ms(2)));
        sink.OnQuote(Quote("EXTRA", Ms(2)));
        sink.Pairs.Count.ShouldBe(PairIngestTable.MaxPairs);
        sink.Pairs.Untracked.ShouldBe(2);
        sink.Pairs.Snapshot(["EXTRA"]).ShouldBeEmpty();

        sink.Pairs.Forget(["S0"]);
        sink.OnTrade(Trade("EXTRA", Ms(3)));
        sink.OnQuote(Quote("S0", Ms(4))); // S0's cached header entry still points at its dropped pair; the table is full again
        sink.Pairs.Snapshot(["EXTRA", "S0"]).ShouldBe(new Dictionary<string, PairIngest> { ["EXTRA"] = new(Ms(3), Ms(100), 1) });
        sink.Pairs.Untracked.ShouldBe(3);

        sink.Pairs.Forget(["EXTRA"]);
        sink.OnQuote(Quote("S0", Ms(5)));
        sink.OnTrade(Trade("S0", Ms(6)));
        sink.Pairs.Snapshot(["S0", "S1"]).ShouldBe(new Dictionary<string, PairIngest>
        {
            ["S0"] = new(Ms(6), Ms(100), 2), // counted afresh since it came back
            ["S1"] = new(Ms(1), Ms(100), 1),
        });
        sink.Pairs.Count.ShouldBe(PairIngestTable.MaxPairs);
    }

    [Fact]
    public void A_pair_keeps_counting_when_the_writers_header_cache_is_cleared_by_many_symbols()
    {
        var sink = Sink(() => Ms(100));
        sink.Clear();
        sink.OnQuote(Quote("BTC/USD", Ms(1)));
        for (var i = 0; i < EnvelopeKeys.MaxPerChannel; i++) sink.OnQuote(Quote($"S{i}", Ms(1))); // the quotes cache fills and is cleared
        sink.OnQuote(Quote("BTC/USD", Ms(2)));
        sink.Pairs.Snapshot(["BTC/USD"])["BTC/USD"].ShouldBe(new PairIngest(Ms(2), Ms(100), 2));
        sink.Pairs.Count.ShouldBe(PairIngestTable.MaxPairs);
        sink.Pairs.Untracked.ShouldBe(EnvelopeKeys.MaxPerChannel - (PairIngestTable.MaxPairs - 1));
    }
}
