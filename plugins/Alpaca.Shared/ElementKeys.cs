using System.Text.Json;

namespace Alpaca.Shared;

/// <summary>The Alpaca element keys the decoder reads; every other key is skipped (or kept as a subscription channel).</summary>
internal enum ElementKey : byte
{
    Unknown, T, Sym, P, S, Bp, Bs, Ap, As, O, H, L, C, V, Vw, I, N, Code, Time,
    X, Z, Tks, Bx, Ax, Sc, Sm, Rc, Rm, Msg, Bids, Asks, R,
    U, D, Oi, Op, Os, Oc, Ci, Cp, Cs, Cc,
}

/// <summary>Maps a property name to its key without allocating (length switch, then bytes).</summary>
internal static class ElementKeys
{
    public static ElementKey Of(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return Of(reader.ValueSpan);
        Span<byte> buffer = stackalloc byte[16];
        return reader.ValueSpan.Length <= buffer.Length ? Of(buffer[..reader.CopyString(buffer)]) : ElementKey.Unknown;
    }

    internal static ElementKey Of(ReadOnlySpan<byte> k)
    {
        switch (k.Length)
        {
            case 1:
                return k[0] switch
                {
                    (byte)'T' => ElementKey.T,
                    (byte)'S' => ElementKey.Sym,
                    (byte)'p' => ElementKey.P,
                    (byte)'s' => ElementKey.S,
                    (byte)'o' => ElementKey.O,
                    (byte)'h' => ElementKey.H,
                    (byte)'l' => ElementKey.L,
                    (byte)'c' => ElementKey.C,
                    (byte)'v' => ElementKey.V,
                    (byte)'i' => ElementKey.I,
                    (byte)'n' => ElementKey.N,
                    (byte)'t' => ElementKey.Time,
                    (byte)'x' => ElementKey.X,
                    (byte)'z' => ElementKey.Z,
                    (byte)'b' => ElementKey.Bids,
                    (byte)'a' => ElementKey.Asks,
                    (byte)'r' => ElementKey.R,
                    (byte)'u' => ElementKey.U,
                    (byte)'d' => ElementKey.D,
                    _ => ElementKey.Unknown,
                };
            case 2:
                return (k[0] << 8 | k[1]) switch
                {
                    'b' << 8 | 'p' => ElementKey.Bp,
                    'b' << 8 | 's' => ElementKey.Bs,
                    'a' << 8 | 'p' => ElementKey.Ap,
                    'a' << 8 | 's' => ElementKey.As,
                    'b' << 8 | 'x' => ElementKey.Bx,
                    'a' << 8 | 'x' => ElementKey.Ax,
                    'v' << 8 | 'w' => ElementKey.Vw,
                    's' << 8 | 'c' => ElementKey.Sc,
                    's' << 8 | 'm' => ElementKey.Sm,
                    'r' << 8 | 'c' => ElementKey.Rc,
                    'r' << 8 | 'm' => ElementKey.Rm,
                    'o' << 8 | 'i' => ElementKey.Oi,
                    'o' << 8 | 'p' => ElementKey.Op,
                    'o' << 8 | 's' => ElementKey.Os,
                    'o' << 8 | 'c' => ElementKey.Oc,
                    'c' << 8 | 'i' => ElementKey.Ci,
                    'c' << 8 | 'p' => ElementKey.Cp,
                    'c' << 8 | 's' => ElementKey.Cs,
                    'c' << 8 | 'c' => ElementKey.Cc,
                    _ => ElementKey.Unknown,
                };
            case 3:
                if (k.SequenceEqual("tks"u8)) return ElementKey.Tks;
                if (k.SequenceEqual("msg"u8)) return ElementKey.Msg;
                return ElementKey.Unknown;
            case 4:
                return k.SequenceEqual("code"u8) ? ElementKey.Code : ElementKey.Unknown;
            default:
                return ElementKey.Unknown;
        }
    }
}
