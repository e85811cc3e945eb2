using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Scratch space for one JSON element. Keys arrive in any order (<c>T</c> may come last), so every known field is
/// collected first and the record is built once the object ends. Reused per element by one reader thread.
/// </summary>
internal sealed class ElementFields
{
    public MessageType Type;
    public string? TypeText;
    public FieldState TypeState;

    public string? Symbol;
    public FieldState SymbolState;

    public NumberField P, S, Bp, Bs, Ap, As, O, H, L, C, V, Vw;
    public IntegerField I, N, Code;

    // Corrections (o* original, c* corrected) and LULD bands (u up, d down).
    public NumberField Op, Os, Cp, Cs, U, D;
    public IntegerField Oi, Ci;
    public List<string>? Oc, Cc;
    public FieldState OcState, CcState;

    // Letters that share a key with another type's field: a LULD's "i" indicator (a trade id elsewhere) and a
    // cancel's "a" action (an order book's asks elsewhere); read by JSON type, as "c" is.
    public string? Indicator, Action;
    /// <summary>A REST history trade's state (<c>u</c> as a string: canceled, corrected, incorrect).</summary>
    public string? Update;

    public NanoTimestamp Time;
    public FieldState TimeState;

    public string? X, Z, Tks, Bx, Ax, Sc, Sm, Rc, Rm, Msg;

    // Alpaca's "c" is a condition list (trades, quotes) or a close price (bars): which one depends on T.
    public List<string>? Conditions;
    public FieldState ConditionsState;

    public List<PriceLevel>? Bids, Asks;
    public FieldState BidsState, AsksState;

    public bool Reset;
    public FieldState ResetState;

    // Every array-of-strings value under a key this class does not know: the channels of a subscription ack.
    public Dictionary<string, IReadOnlyList<string>>? Arrays;

    public void Clear()
    {
        Type = MessageType.Missing;
        TypeText = null;
        TypeState = FieldState.Absent;
        Symbol = null;
        SymbolState = FieldState.Absent;
        P = S = Bp = Bs = Ap = As = O = H = L = C = V = Vw = default;
        I = N = Code = default;
        Op = Os = Cp = Cs = U = D = default;
        Oi = Ci = default;
        Oc = Cc = null;
        OcState = CcState = FieldState.Absent;
        Indicator = Action = Update = null;
        Time = default;
        TimeState = FieldState.Absent;
        X = Z = Tks = Bx = Ax = Sc = Sm = Rc = Rm = Msg = null;
        Conditions = null;
        ConditionsState = FieldState.Absent;
        Bids = Asks = null;
        BidsState = AsksState = FieldState.Absent;
        Reset = false;
        ResetState = FieldState.Absent;
        Arrays = null;
    }
}
