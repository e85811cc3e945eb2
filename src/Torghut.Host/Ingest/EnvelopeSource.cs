namespace Torghut.Host.Ingest;

/// <summary>Where an envelope's data came from: the live websocket or a REST backfill (upstream's <c>source</c>).</summary>
public enum EnvelopeSource { Ws, Rest }
