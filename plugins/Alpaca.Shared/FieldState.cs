namespace Alpaca.Shared;

/// <summary>What was found for one field of an element; anything but Ok or Absent becomes a decode-error reason.</summary>
internal enum FieldState : byte
{
    Absent,
    Ok,
    WrongType,
    NotFinite,
    BadValue,
}

/// <summary>A numeric field: its state and value.</summary>
internal struct NumberField
{
    public FieldState State;
    public double Value;
}

/// <summary>An integer field: its state and value.</summary>
internal struct IntegerField
{
    public FieldState State;
    public long Value;
}
