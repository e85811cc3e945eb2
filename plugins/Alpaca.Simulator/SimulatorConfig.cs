using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>A key pair the simulator accepts.</summary>
/// <param name="Key">APCA-API-KEY-ID.</param>
/// <param name="Secret">APCA-API-SECRET-KEY.</param>
/// <param name="Sip">Whether the key's plan includes SIP; without it <c>/v2/sip</c> answers 409 at auth.</param>
/// <param name="V2Enabled">Whether the account may use the v2 stock streams; without it <c>/v2/*</c> answers 408
/// "v2 not enabled" at auth (old Alpaca docs, JS SDK).</param>
/// <param name="DataScope">Whether the (OAuth) key has the market-data scope; without it auth answers 411
/// "insufficient scope" (Go SDK errors.go).</param>
public sealed record SimCredential(string Key, string Secret, bool Sip = true, bool V2Enabled = true, bool DataScope = true);

/// <summary>Everything a simulator instance can be configured with. All defaults are usable as-is.</summary>
public sealed record SimulatorConfig
{
    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Seed of the deterministic market: same seed, same prices, trades, quotes and bars.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Clock speed: 1 = real time, 60 = one simulated minute per wall second.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>The simulated instant at start; null = the real current time.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>How long (wall time) a client has to authenticate before error 404 and close.</summary>
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Valid key pairs; empty = any non-empty key and secret is accepted (with SIP).</summary>
    public IReadOnlyList<SimCredential> Credentials { get; init; } = [];

    /// <summary>Symbols in the market up front (the universe "*" subscribes to); others join on demand.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>Average trades per symbol per simulated minute (regular session / crypto).</summary>
    public double TradesPerMinute { get; init; } = 30;

    /// <summary>Average quotes per symbol per simulated minute.</summary>
    public double QuotesPerMinute { get; init; } = 60;

    /// <summary>
    /// Probability that a crypto symbol-minute has no trades at all (its bar then has volume 0, as Alpaca sends). Tests
    /// that compare every trade of a short run set it to 0: with a fixed seed and the wall clock as start, a 3 % empty
    /// minute otherwise hits whichever test runs in that minute.
    /// </summary>
    public double CryptoEmptyMinuteProbability { get; init; } = 0.03;

    /// <summary>Probability that a minute has a late trade, which produces an updatedBar.</summary>
    public double LateTradeProbability { get; init; } = 0.05;

    /// <summary>Wall time between order-book deltas per subscribed symbol (after its snapshot).</summary>
    public TimeSpan OrderBookInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Levels per side of an order-book snapshot.</summary>
    public int OrderBookLevels { get; init; } = 10;

    /// <summary>
    /// Probability that a stock trade is cancelled: a cancel/error <c>x</c> (action <c>C</c>) follows it 2-5 s later on
    /// the <c>cancelErrors</c> channel (implicit with trades). The bars are not revised. 0 (default): no cancels.
    /// </summary>
    public double TradeCancelProbability { get; init; }

    /// <summary>Max distinct symbols per connection (405 beyond); null = unlimited.</summary>
    public int? SymbolLimit { get; init; }

    /// <summary>Connections per key pair per endpoint (406 beyond).</summary>
    public int ConnectionsPerKey { get; init; } = 1;

    /// <summary>REST requests per key per wall minute (429 beyond); 0 = unlimited (headers still report 10000).</summary>
    public int RestRequestsPerMinute { get; init; }

    /// <summary>Interval of server keep-alive frames on websockets.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall time a client may lag behind the live data before it gets 407 slow client and is closed.</summary>
    public TimeSpan SlowClientLag { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Symbols whose trades are generated at maximum rate instead of from the market (benchmarks).</summary>
    public IReadOnlyList<string> FirehoseSymbols { get; init; } = [];

    /// <summary>A fault plan (see README.md), applied at start.</summary>
    public string? FaultPlan { get; init; }

    /// <summary>The config a plugin host's <see cref="SimulatorOptions"/> maps to.</summary>
    public static SimulatorConfig From(SimulatorOptions options) => new()
    {
        Port = options.Port,
        Seed = options.Seed,
        Speed = options.Speed,
        FaultPlan = options.FaultPlan,
        Symbols = options.Symbols ?? [],
    };
}
