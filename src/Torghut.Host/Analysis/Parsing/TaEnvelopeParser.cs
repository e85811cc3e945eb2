using System.Globalization;
using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>Outcome of <see cref="TaEnvelopeParser.Parse"/>.</summary>
public enum TaParseResult { Event, IgnoredChannel, Failed }

/// <summary>
/// Reads the upstream JSON envelope (upstream-contracts §2: camelCase keys, payload in Alpaca short keys) into a
/// <see cref="TaEvent"/>: envelopes in the forwarder's exact layout by <see cref="ForwarderEnvelopeReader"/>, anything
/// else in one forward pass with <see cref="Utf8JsonReader"/>. Tolerant the way upstream's decoder
/// was: unknown keys (envelope or payload, incl. nested arrays such as trade conditions) are skipped and key order
/// does not matter. Strict where upstream was: the seven envelope keys must be present. Never throws: malformed input
/// becomes <see cref="TaParseResult.Failed"/> with a <see cref="ParseFailureReason"/>. Not thread-safe.
/// </summary>
public sealed class TaEnvelopeParser(SymbolTable symbols)
{
    // Bits for which keys were seen; the required sets are checked once at the end.
    private const int EnvIngest = 1, EnvEvent = 2, EnvFeed = 4, EnvChannel = 8, EnvSymbol = 16, EnvSeq = 32, EnvPayload = 64;
    private const int EnvRequired = 127;
    private const int PP = 1, PS = 2, PT = 4, PBp = 8, PBs = 16, PAp = 32, PAs = 64, PO = 128, PH = 256, PL = 512, PC = 1024, PV = 2048;
    private const int PI = 1 << 12, POi = 1 << 13, POp = 1 << 14, POs = 1 << 15, PCi = 1 << 16, PCp = 1 << 17,
        PCs = 1 << 18;
    private const int TradeKeys = PP | PS | PT, QuoteKeys = PBp | PBs | PAp | PAs | PT, BarKeys = PO | PH | PL | PC | PV | PT;
    private const int CancelKeys = PI | PP | PS | PT, CorrectionKeys = POi | POp | POs | PCi | PCp | PCs | PT;

    private enum ChannelKind { Unknown, Trades, Quotes, Bars, UpdatedBars, Corrections, CancelErrors }

    private readonly ForwarderEnvelopeReader _forwarder = new();

    public TaEnvelopeParser() : this(new SymbolTable()) { }

    public SymbolTable Symbols => symbols;

    // Comments are not JSON and the forwarder never writes them, but skipping them sends Utf8JsonReader down a slower
    // path for every token (≈ 17 % of the engine's time in a profile). So: strict first; only input that fails
    // strictly (a comment, or malformed JSON) is parsed again with comments skipped, which keeps every outcome as it was.
    private static readonly JsonReaderOptions Strict = default;
    private static readonly JsonReaderOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses <paramref name="json"/> into <paramref name="ev"/> (fully overwritten on success).</summary>
    public TaParseResult Parse(ReadOnlySpan<byte> json, ref TaEvent ev, out ParseFailureReason failure)
    {
        // The forwarder's own layout is read by a specialised scanner (Utf8JsonReader was ~60 % of the engine's time);
        // it declines anything else, and declining costs one partial scan before the general parser below.
        if (_forwarder.TryRead(json, symbols, ref ev))
        {
            failure = ParseFailureReason.None;
            return TaParseResult.Event;
        }
        return ParseGeneral(json, ref ev, out failure);
    }

    /// <summary>The general parser alone (any key order, unknown keys, comments): what the fast path must agree with.</summary>
    internal TaParseResult ParseGeneral(ReadOnlySpan<byte> json, ref TaEvent ev, out ParseFailureReason failure)
    {
        try
        {
            return ParseCore(json, Strict, ref ev, out failure);
        }
        catch (JsonException)
        {
            return ParseLenient(json, ref ev, out failure);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader getters throw this on a token-type mismatch we did not anticipate.
            failure = ParseFailureReason.InvalidValue;
            return TaParseResult.Failed;
        }
    }

    private TaParseResult ParseLenient(ReadOnlySpan<byte> json, ref TaEvent ev, out ParseFailureReason failure)
    {
        try
        {
            return ParseCore(json, Lenient, ref ev, out failure);
        }
        catch (JsonException)
        {
            failure = ParseFailureReason.MalformedJson;
            return TaParseResult.Failed;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader getters throw this on a token-type mismatch we did not anticipate.
            failure = ParseFailureReason.InvalidValue;
            return TaParseResult.Failed;
        }
    }

    private TaParseResult ParseCore(ReadOnlySpan<byte> json, JsonReaderOptions options, ref TaEvent ev, out ParseFailureReason failure)
    {
        var reader = new Utf8JsonReader(json, options);
        failure = ParseFailureReason.None;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            failure = ParseFailureReason.MalformedJson;
            return TaParseResult.Failed;
        }
        int env = 0, pay = 0;
        var channel = ChannelKind.Unknown;
        string? symbol = null, source = null;
        bool isFinal = true;
        var p = new PayloadValues();
        Span<byte> scratch = stackalloc byte[16];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? scratch[..UnescapedName(ref reader, scratch)] : reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("ingestTs"u8)) { env |= EnvIngest; reader.Skip(); }
            else if (name.SequenceEqual("eventTs"u8)) { env |= EnvEvent; reader.Skip(); }
            else if (name.SequenceEqual("feed"u8)) { env |= EnvFeed; reader.Skip(); }
            else if (name.SequenceEqual("seq"u8)) { env |= EnvSeq; reader.Skip(); }
            else if (name.SequenceEqual("channel"u8))
            {
                env |= EnvChannel;
                channel = reader.TokenType != JsonTokenType.String ? ChannelKind.Unknown
                    : reader.ValueTextEquals("trades"u8) ? ChannelKind.Trades
                    : reader.ValueTextEquals("quotes"u8) ? ChannelKind.Quotes
                    : reader.ValueTextEquals("bars"u8) ? ChannelKind.Bars
                    : reader.ValueTextEquals("updatedBars"u8) ? ChannelKind.UpdatedBars
                    : reader.ValueTextEquals("corrections"u8) ? ChannelKind.Corrections
                    : reader.ValueTextEquals("cancelErrors"u8) ? ChannelKind.CancelErrors : ChannelKind.Unknown;
            }
            else if (name.SequenceEqual("symbol"u8))
            {
                env |= EnvSymbol;
                if (reader.TokenType != JsonTokenType.String) return Fail(ParseFailureReason.InvalidValue, out failure);
                symbol = reader.ValueIsEscaped ? symbols.Intern(reader.GetString()!) : symbols.Intern(reader.ValueSpan);
                if (symbol is null || symbol.Length == 0) return Fail(ParseFailureReason.InvalidValue, out failure);
            }
            else if (name.SequenceEqual("payload"u8))
            {
                env |= EnvPayload;
                if (reader.TokenType != JsonTokenType.StartObject) return Fail(ParseFailureReason.InvalidValue, out failure);
                var reason = ReadPayload(ref reader, ref p, out pay);
                if (reason != ParseFailureReason.None) return Fail(reason, out failure);
            }
            else if (name.SequenceEqual("isFinal"u8))
            {
                if (reader.TokenType == JsonTokenType.False) isFinal = false;
                else if (reader.TokenType == JsonTokenType.True) isFinal = true;
            }
            else if (name.SequenceEqual("source"u8))
            {
                if (reader.TokenType == JsonTokenType.String)
                    source = reader.ValueTextEquals("ws"u8) ? "ws" : reader.ValueTextEquals("rest"u8) ? "rest" : reader.GetString();
            }
            else reader.Skip();
        }
        if (reader.TokenType != JsonTokenType.EndObject) return Fail(ParseFailureReason.MalformedJson, out failure);
        if ((env & EnvRequired) != EnvRequired) return Fail(ParseFailureReason.MissingEnvelopeKey, out failure);
        if (channel == ChannelKind.Unknown) return TaParseResult.IgnoredChannel;

        int needed = channel switch
        {
            ChannelKind.Trades => TradeKeys, ChannelKind.Quotes => QuoteKeys, ChannelKind.CancelErrors => CancelKeys,
            ChannelKind.Corrections => CorrectionKeys, _ => BarKeys,
        };
        if ((pay & needed) != needed) return Fail(ParseFailureReason.MissingPayloadKey, out failure);

        ev.Symbol = symbol!;
        ev.Time = p.T;
        ev.Source = source ?? "ws";
        ev.IsFinal = isFinal;
        switch (channel)
        {
            case ChannelKind.Trades:
                ev.Kind = TaEventKind.Trade;
                ev.Price = p.P; ev.Size = p.S;
                ev.HasTradeId = (pay & PI) != 0; ev.TradeId = p.I; ev.Exchange = p.X;
                ev.Withdrawn = p.Withdrawn;
                break;
            case ChannelKind.CancelErrors:
                ev.Kind = TaEventKind.TradeCancel;
                ev.Price = p.P; ev.Size = p.S;
                ev.HasTradeId = true; ev.TradeId = p.I; ev.Exchange = p.X;
                break;
            case ChannelKind.Corrections:
                ev.Kind = TaEventKind.TradeCorrection;
                ev.Price = p.Op; ev.Size = p.Os;
                ev.HasTradeId = true; ev.TradeId = p.Oi; ev.Exchange = p.X;
                ev.CorrectedId = p.Ci; ev.CorrectedPrice = p.Cp; ev.CorrectedSize = p.Cs;
                break;
            case ChannelKind.Quotes:
                ev.Kind = TaEventKind.Quote;
                ev.BidPx = p.Bp; ev.BidSz = p.Bs; ev.AskPx = p.Ap; ev.AskSz = p.As;
                break;
            default:
                ev.Kind = TaEventKind.Bar1m;
                ev.Channel = channel == ChannelKind.UpdatedBars ? BarChannel.UpdatedBars : BarChannel.Bars;
                ev.Open = p.O; ev.High = p.H; ev.Low = p.L; ev.Close = p.C; ev.Volume = p.V;
                ev.Vwap = p.Vw; ev.TradeCount = p.N;
                break;
        }
        return TaParseResult.Event;
    }

    private struct PayloadValues
    {
        public double P, S, Bp, Bs, Ap, As, O, H, L, C, V;
        public double? Vw;
        public long? N;
        public NanoTimestamp T;
        // Trade identity (i, x), a correction's original/corrected values (oi,op,os / ci,cp,cs), REST's state (u).
        public long I, X, Oi, Ci;
        public double Op, Os, Cp, Cs;
        public bool Withdrawn;
    }

    private static ParseFailureReason ReadPayload(ref Utf8JsonReader reader, ref PayloadValues p, out int seen)
    {
        seen = 0;
        var reason = ParseFailureReason.None;
        Span<byte> scratch = stackalloc byte[16];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? scratch[..UnescapedName(ref reader, scratch)] : reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue; // REST bars carry "vw":null / "n":null: same as absent
            int bit = 0;
            switch (name.Length)
            {
                case 1:
                    switch (name[0])
                    {
                        case (byte)'p': bit = PP; reason = Number(ref reader, out p.P); break;
                        case (byte)'s': bit = PS; reason = Number(ref reader, out p.S); break;
                        case (byte)'o': bit = PO; reason = Number(ref reader, out p.O); break;
                        case (byte)'h': bit = PH; reason = Number(ref reader, out p.H); break;
                        case (byte)'l': bit = PL; reason = Number(ref reader, out p.L); break;
                        case (byte)'c' when reader.TokenType is JsonTokenType.Number or JsonTokenType.String:
                            bit = PC; reason = Number(ref reader, out p.C); break; // trades' `c` is a conditions array
                        case (byte)'v': bit = PV; reason = Number(ref reader, out p.V); break;
                        case (byte)'t': bit = PT; reason = Timestamp(ref reader, out p.T); break;
                        case (byte)'i' when reader.TokenType == JsonTokenType.Number:
                            if (reader.TryGetInt64(out p.I)) bit = PI; // not an id: the trade is kept, without identity
                            break;
                        case (byte)'x' when reader.TokenType == JsonTokenType.String: p.X = Exchange(ref reader); break;
                        case (byte)'u' when reader.TokenType == JsonTokenType.String:
                            p.Withdrawn = reader.ValueTextEquals("canceled"u8) || reader.ValueTextEquals("incorrect"u8);
                            break;
                        case (byte)'n':
                            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) p.N = n;
                            else if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var dn) && double.IsFinite(dn)) p.N = (long)dn;
                            else reason = ParseFailureReason.InvalidValue;
                            break;
                        default: reader.Skip(); break;
                    }
                    break;
                case 2:
                    if (name.SequenceEqual("bp"u8)) { bit = PBp; reason = Number(ref reader, out p.Bp); }
                    else if (name.SequenceEqual("bs"u8)) { bit = PBs; reason = Number(ref reader, out p.Bs); }
                    else if (name.SequenceEqual("ap"u8)) { bit = PAp; reason = Number(ref reader, out p.Ap); }
                    else if (name.SequenceEqual("as"u8)) { bit = PAs; reason = Number(ref reader, out p.As); }
                    else if (name.SequenceEqual("vw"u8)) { reason = Number(ref reader, out var vw); p.Vw = vw; }
                    else if (name.SequenceEqual("oi"u8)) { if (Id(ref reader, out p.Oi)) bit = POi; }
                    else if (name.SequenceEqual("op"u8)) { bit = POp; reason = Number(ref reader, out p.Op); }
                    else if (name.SequenceEqual("os"u8)) { bit = POs; reason = Number(ref reader, out p.Os); }
                    else if (name.SequenceEqual("ci"u8)) { if (Id(ref reader, out p.Ci)) bit = PCi; }
                    else if (name.SequenceEqual("cp"u8)) { bit = PCp; reason = Number(ref reader, out p.Cp); }
                    else if (name.SequenceEqual("cs"u8)) { bit = PCs; reason = Number(ref reader, out p.Cs); }
                    else reader.Skip();
                    break;
                default: reader.Skip(); break;
            }
            if (reason != ParseFailureReason.None) return reason;
            seen |= bit;
        }
        return reader.TokenType == JsonTokenType.EndObject ? ParseFailureReason.None : ParseFailureReason.MalformedJson;
    }

    /// <summary>A 64-bit venue id; anything else leaves the key unseen (a correction then misses a key).</summary>
    private static bool Id(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value)) return true;
        reader.Skip();
        return false;
    }

    private static long Exchange(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return ExchangeCode.Pack(reader.ValueSpan);
        if (reader.ValueSpan.Length > 64) return ExchangeCode.Pack(reader.ValueSpan);
        Span<byte> buffer = stackalloc byte[64];
        return ExchangeCode.Pack(buffer[..reader.CopyString(buffer)]);
    }

    private static ParseFailureReason Number(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A syntactically valid JSON number that does not fit a finite double (1e400) is the only way this fails.
            if (!reader.TryGetDouble(out value) || !double.IsFinite(value)) return ParseFailureReason.NonFiniteNumber;
            return ParseFailureReason.None;
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            // Kotlin/Java writers emit "NaN"/"Infinity" as strings when special floats are allowed.
            Span<char> buffer = stackalloc char[64];
            if (reader.ValueSpan.Length > 64) return ParseFailureReason.InvalidValue;
            int n = reader.CopyString(buffer);
            if (!double.TryParse(buffer[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return ParseFailureReason.InvalidValue;
            return double.IsFinite(value) ? ParseFailureReason.None : ParseFailureReason.NonFiniteNumber;
        }
        return ParseFailureReason.InvalidValue;
    }

    private static ParseFailureReason Timestamp(ref Utf8JsonReader reader, out NanoTimestamp value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 64) return ParseFailureReason.InvalidValue;
        if (!reader.ValueIsEscaped) return NanoTimestamp.TryParse(reader.ValueSpan, out value) ? ParseFailureReason.None : ParseFailureReason.InvalidValue;
        Span<byte> buffer = stackalloc byte[64];
        int n = reader.CopyString(buffer);
        return NanoTimestamp.TryParse(buffer[..n], out value) ? ParseFailureReason.None : ParseFailureReason.InvalidValue;
    }

    /// <summary>Unescapes an escaped property name into <paramref name="scratch"/>; 0 (no match) if it is longer than any key we know.</summary>
    private static int UnescapedName(ref Utf8JsonReader reader, scoped Span<byte> scratch) =>
        reader.ValueSpan.Length > scratch.Length ? 0 : reader.CopyString(scratch);

    private static TaParseResult Fail(ParseFailureReason reason, out ParseFailureReason failure)
    {
        failure = reason;
        return TaParseResult.Failed;
    }
}
