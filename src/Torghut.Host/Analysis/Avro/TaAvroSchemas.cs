namespace Torghut.Host.Analysis.Avro;

/// <summary>
/// The TA output schemas (upstream-contracts §6.5, namespace <c>torghut.ta</c>), shipped as embedded <c>.avsc</c>
/// resources: the single source of truth that the encoder's field order follows and a registry would be given.
/// </summary>
public static class TaAvroSchemas
{
    public static string Bar1sJson { get; } = Load("ta-bars-1s.avsc");
    public static string SignalJson { get; } = Load("ta-signals.avsc");
    public static string StatusJson { get; } = Load("ta-status.avsc");

    /// <summary>Parsed by Apache.Avro: proves the text is a valid schema (and gives readers/registries a Schema object).</summary>
    public static global::Avro.Schema Bar1s { get; } = global::Avro.Schema.Parse(Bar1sJson);
    public static global::Avro.Schema Signal { get; } = global::Avro.Schema.Parse(SignalJson);
    public static global::Avro.Schema Status { get; } = global::Avro.Schema.Parse(StatusJson);

    private static string Load(string file)
    {
        var name = "Torghut.Analysis.Schemas." + file;
        using var stream = typeof(TaAvroSchemas).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded schema {name} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
