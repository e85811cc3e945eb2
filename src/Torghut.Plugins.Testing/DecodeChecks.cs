using System.Text;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>What Decode promises: valid records, unknown fields ignored, bad elements isolated, never a throw.</summary>
internal static class DecodeChecks
{
    // Fixed so that a finding reproduces on every run.
    private const int RandomSeed = 20240312;

    public static void Run(IFeedEndpoint feed, ISymbolCodec? codec, ConformanceSamples samples, Findings f)
    {
        if (samples.Frames.Count == 0)
        {
            f.Add(ConformanceChecks.Records, "no recorded frames: set ConformanceSamples.Frames so decoding can be checked");
        }
        else
        {
            Records(feed, codec, samples, f);
            UnknownFields(feed, samples, f);
            MalformedElement(feed, samples, f);
        }
        Garbage(feed, samples, f);
    }

    private static void Records(IFeedEndpoint feed, ISymbolCodec? codec, ConformanceSamples samples, Findings f)
    {
        const string check = ConformanceChecks.Records;
        int total = 0;
        for (int i = 0; i < samples.Frames.Count; i++)
        {
            var (sink, thrown) = CollectingSink.Decode(feed, Encoding.UTF8.GetBytes(samples.Frames[i]));
            if (thrown is not null) { f.Add(check, $"frame {i}: Decode threw {thrown.GetType().Name}: {thrown.Message}"); continue; }
            foreach (var e in sink.Errors) f.Add(check, $"frame {i}: recorded element {e.Index} reported as an error: {e.Reason}");
            total += sink.Records.Count;
            foreach (var record in sink.Records)
                foreach (var problem in RecordValidator.Problems(record, codec))
                    f.Add(check, $"frame {i}: {record.GetType().Name} {problem}");
            if (samples.TimestampsOrderedWithinFrame) Ordered(i, sink, f);
        }
        if (total == 0) f.Add(check, "the recorded frames produced no data records");
    }

    private static void Ordered(int frame, CollectingSink sink, Findings f)
    {
        var last = new Dictionary<(string Type, string Symbol), NanoTimestamp>();
        foreach (var record in sink.Records)
        {
            if (RecordValidator.Key(record) is not { } key) continue;
            var slot = (record.GetType().Name, key.Symbol);
            if (last.TryGetValue(slot, out var previous) && key.Timestamp < previous)
                f.Add(ConformanceChecks.Records, $"frame {frame}: {slot.Item1} of {key.Symbol} goes back in time ({previous} then {key.Timestamp})");
            last[slot] = key.Timestamp;
        }
    }

    private static void UnknownFields(IFeedEndpoint feed, ConformanceSamples samples, Findings f)
    {
        const string check = ConformanceChecks.UnknownFields;
        for (int i = 0; i < samples.Frames.Count; i++)
        {
            if (JsonFrames.Elements(samples.Frames[i]) is not { } elements) continue;
            var plain = CollectingSink.Decode(feed, JsonFrames.ArrayOf(elements)).Sink.RecordTexts.ToArray();
            var (sink, thrown) = CollectingSink.Decode(feed, JsonFrames.ArrayOf(elements.Select(JsonFrames.WithUnknownFields)));
            if (thrown is not null) { f.Add(check, $"frame {i}: unknown fields made Decode throw {thrown.GetType().Name}"); continue; }
            foreach (var e in sink.Errors) f.Add(check, $"frame {i}: unknown fields made element {e.Index} an error: {e.Reason}");
            if (!sink.RecordTexts.SequenceEqual(plain))
                f.Add(check, $"frame {i}: unknown fields changed the decoded records ({plain.Length} before, {sink.Records.Count} after)");
        }
    }

    private static void MalformedElement(IFeedEndpoint feed, ConformanceSamples samples, Findings f)
    {
        const string check = ConformanceChecks.MalformedElement;
        int tried = 0;
        for (int i = 0; i < samples.Frames.Count; i++)
        {
            if (JsonFrames.Elements(samples.Frames[i]) is not { Count: >= 2 } elements) continue;
            var alone = elements.Select(e => CollectingSink.Decode(feed, JsonFrames.ArrayOf([e])).Sink.RecordTexts.ToArray()).ToArray();
            var victim = Enumerable.Range(0, elements.Count)
                .FirstOrDefault(k => alone[k].Length > 0 && JsonFrames.Corrupted(elements[k]) is not null, -1);
            if (victim < 0) continue;
            tried++;
            var corrupted = elements.Select((e, k) => k == victim ? JsonFrames.Corrupted(e)! : e);
            var (sink, thrown) = CollectingSink.Decode(feed, JsonFrames.ArrayOf(corrupted));
            if (thrown is not null) { f.Add(check, $"frame {i}: a corrupted element made Decode throw {thrown.GetType().Name}"); continue; }
            if (!sink.Errors.Any(e => e.Index == victim))
                f.Add(check, $"frame {i}: corrupted element {victim} was not reported as a DecodeError with index {victim}"
                             + (sink.Errors.Count > 0 ? $" (errors at {string.Join(",", sink.Errors.Select(e => e.Index))})" : ""));
            var expected = alone.Where((_, k) => k != victim).SelectMany(r => r).ToArray();
            if (!sink.RecordTexts.SequenceEqual(expected))
                f.Add(check, $"frame {i}: with element {victim} corrupted the siblings gave {sink.Records.Count} records, expected {expected.Length} unchanged");
        }
        if (tried == 0)
            f.Add(check, "no recorded frame has two or more data elements: record one so sibling isolation can be checked");
    }

    private static void Garbage(IFeedEndpoint feed, ConformanceSamples samples, Findings f)
    {
        const string check = ConformanceChecks.Garbage;
        foreach (var (name, bytes) in GarbageInputs.Frames(RandomSeed))
        {
            var thrown = CollectingSink.Decode(feed, bytes).Thrown;
            if (thrown is not null) f.Add(check, $"Decode threw {thrown.GetType().Name} on {name}: {thrown.Message}");
        }
        for (int i = 0; i < samples.Frames.Count; i++)
        {
            var frame = Encoding.UTF8.GetBytes(samples.Frames[i].Trim());
            foreach (var length in GarbageInputs.CutPoints(frame.Length))
            {
                var (sink, thrown) = CollectingSink.Decode(feed, frame.AsSpan(0, length));
                if (thrown is not null) f.Add(check, $"frame {i} truncated to {length} bytes: Decode threw {thrown.GetType().Name}");
                // A strict prefix of a JSON array or object is never valid JSON: it must not vanish silently.
                else if (frame[^1] is (byte)']' or (byte)'}' && sink.Errors.Count == 0)
                    f.Add(check, $"frame {i} truncated to {length} bytes produced no DecodeError");
            }
        }
    }
}
