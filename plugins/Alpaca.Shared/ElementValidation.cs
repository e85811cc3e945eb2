using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Decides whether a collected data element is complete and well-typed for its <c>T</c>, and says why not.
/// Reasons name the field, never its value (values could be anything a venue or attacker sends).
/// </summary>
internal static class ElementValidation
{
    /// <summary>Null when the element can be turned into its record; else the first problem found.</summary>
    public static string? DataError(ElementFields f)
    {
        string? e = Require("S", f.SymbolState);
        switch (f.Type)
        {
            case MessageType.Trade:
                e ??= TradeError(f);
                break;
            case MessageType.Quote:
                e ??= QuoteError(f);
                break;
            case MessageType.Bar or MessageType.UpdatedBar or MessageType.DailyBar:
                e ??= BarError(f);
                break;
            case MessageType.Status:
                e ??= Require("t", f.TimeState);
                break;
            case MessageType.Correction:
                e ??= Require("t", f.TimeState) ?? Require("oi", f.Oi.State) ?? Require("op", f.Op.State)
                      ?? Require("os", f.Os.State) ?? Require("ci", f.Ci.State) ?? Require("cp", f.Cp.State)
                      ?? Require("cs", f.Cs.State) ?? Optional("oc", f.OcState) ?? Optional("cc", f.CcState);
                break;
            case MessageType.CancelError:
                e ??= Require("t", f.TimeState) ?? Require("i", f.I.State) ?? Require("p", f.P.State) ?? Require("s", f.S.State);
                break;
            case MessageType.Luld:
                e ??= Require("t", f.TimeState) ?? Require("u", f.U.State) ?? Require("d", f.D.State);
                break;
            case MessageType.Imbalance:
                e ??= Require("t", f.TimeState) ?? Require("p", f.P.State);
                break;
            case MessageType.OrderBook:
                e ??= Require("t", f.TimeState) ?? Optional("b", f.BidsState) ?? Optional("a", f.AsksState)
                      ?? Optional("r", f.ResetState);
                break;
        }
        return e;
    }

    /// <summary>The trade-specific checks, shared with REST pages (whose trades carry no <c>T</c> or <c>S</c>).</summary>
    public static string? TradeError(ElementFields f) =>
        Require("p", f.P.State) ?? Require("s", f.S.State) ?? Require("t", f.TimeState)
        ?? Optional("i", f.I.State) ?? Optional("c", ConditionsState(f));

    /// <summary>The quote-specific checks, shared with REST pages. A crossed quote (ask below bid) is data, not an error.</summary>
    public static string? QuoteError(ElementFields f) =>
        Require("bp", f.Bp.State) ?? Require("bs", f.Bs.State) ?? Require("ap", f.Ap.State)
        ?? Require("as", f.As.State) ?? Require("t", f.TimeState) ?? Optional("c", ConditionsState(f));

    /// <summary>The bar-specific checks, shared with REST pages (whose bars carry no <c>T</c> or <c>S</c>).</summary>
    public static string? BarError(ElementFields f) =>
        Require("o", f.O.State) ?? Require("h", f.H.State) ?? Require("l", f.L.State) ?? Require("c", CloseState(f))
        ?? Require("v", f.V.State) ?? Require("t", f.TimeState) ?? Optional("n", f.N.State) ?? Optional("vw", f.Vw.State);

    public static Bar ToBar(ElementFields f, string symbol, BarKind kind) =>
        new(symbol, f.O.Value, f.H.Value, f.L.Value, f.C.Value, f.V.Value, f.Time, kind,
            f.Vw.State == FieldState.Ok ? f.Vw.Value : null,
            f.N.State == FieldState.Ok ? f.N.Value : null);

    public static Trade ToTrade(ElementFields f, string symbol) =>
        new(symbol, f.P.Value, f.S.Value, f.Time, f.I.State == FieldState.Ok ? f.I.Value : null, f.X, f.Conditions, f.Z,
            f.Tks)
        {
            Update = f.Update,
        };

    public static Quote ToQuote(ElementFields f, string symbol) =>
        new(symbol, f.Bp.Value, f.Bs.Value, f.Ap.Value, f.As.Value, f.Time, f.Bx, f.Ax, f.Conditions, f.Z);

    public static TradeCorrection ToCorrection(ElementFields f, string symbol) =>
        new(symbol, f.Time, f.Oi.Value, f.Op.Value, f.Os.Value, f.Ci.Value, f.Cp.Value, f.Cs.Value, f.X, f.Oc, f.Cc, f.Z);

    public static TradeCancel ToCancel(ElementFields f, string symbol) =>
        new(symbol, f.Time, f.I.Value, f.P.Value, f.S.Value, f.Action, f.X, f.Z);

    // "c" is read by JSON type; a number where conditions belong (or the reverse) is a wrong type, not an absence.
    private static FieldState ConditionsState(ElementFields f) =>
        f.C.State != FieldState.Absent ? FieldState.WrongType : f.ConditionsState;

    private static FieldState CloseState(ElementFields f) =>
        f.C.State == FieldState.Absent && f.ConditionsState != FieldState.Absent ? FieldState.WrongType : f.C.State;

    private static string? Require(string name, FieldState state) =>
        state == FieldState.Absent ? $"required field '{name}' is missing" : Optional(name, state);

    private static string? Optional(string name, FieldState state) => state switch
    {
        FieldState.WrongType => $"field '{name}' has the wrong JSON type",
        FieldState.NotFinite => $"field '{name}' is not a finite number",
        FieldState.BadValue => $"field '{name}' has an invalid value",
        _ => null,
    };
}
