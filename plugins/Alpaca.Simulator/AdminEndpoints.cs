using System.Buffers;
using System.Text.Json;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Rest;
using Alpaca.Simulator.Serialization;
using Microsoft.AspNetCore.Http;

namespace Alpaca.Simulator;

/// <summary>
/// Test/operator control: GET/POST/DELETE /admin/faults, GET /admin/truth, GET /admin/clock, POST /admin/firehose.
/// Not part of Alpaca's API; no auth (the simulator only listens on loopback).
/// </summary>
internal sealed class AdminEndpoints(SimulatorContext sim)
{
    public async Task<bool> TryHandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!path.StartsWith("/admin/", StringComparison.Ordinal)) return false;
        var method = ctx.Request.Method;
        switch (path)
        {
            case "/admin/faults" when HttpMethods.IsGet(method):
                await WriteJsonAsync(ctx, 200, WriteFaults);
                return true;
            case "/admin/faults" when HttpMethods.IsDelete(method):
                sim.Faults.Clear();
                await WriteJsonAsync(ctx, 200, WriteFaults);
                return true;
            case "/admin/faults" when HttpMethods.IsPost(method):
                try
                {
                    using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
                    var root = doc.RootElement;
                    if (!root.TryGetProperty("plan", out var planEl) || planEl.ValueKind != JsonValueKind.String)
                        throw new ArgumentException("body must be {\"plan\":\"<fault plan>\",\"replace\":false}");
                    var replace = root.TryGetProperty("replace", out var r) && r.ValueKind == JsonValueKind.True;
                    sim.Faults.Apply(FaultPlan.Parse(planEl.GetString()), replace);
                }
                catch (Exception ex) when (ex is ArgumentException or JsonException)
                {
                    await RestPipeline.WriteMessageAsync(ctx, 400, ex.Message);
                    return true;
                }
                await WriteJsonAsync(ctx, 200, WriteFaults);
                return true;
            case "/admin/truth" when HttpMethods.IsGet(method):
                await WriteJsonAsync(ctx, 200, WriteTruth);
                return true;
            case "/admin/clock" when HttpMethods.IsGet(method):
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteString("now", sim.Clock.Now.ToString());
                    w.WriteString("start", sim.Clock.Start.ToString());
                    w.WriteNumber("speed", sim.Clock.Speed);
                });
                return true;
            case "/admin/firehose" when HttpMethods.IsPost(method):
                try
                {
                    using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
                    sim.FirehoseSymbols = doc.RootElement.GetProperty("symbols").EnumerateArray().Select(e => e.GetString()!).ToArray();
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    await RestPipeline.WriteMessageAsync(ctx, 400, "body must be {\"symbols\":[\"BTC/USD\"]}");
                    return true;
                }
                await WriteJsonAsync(ctx, 200, w =>
                {
                    w.WriteStartArray("symbols");
                    foreach (var s in sim.FirehoseSymbols) w.WriteStringValue(s);
                    w.WriteEndArray();
                });
                return true;
            default:
                await RestPipeline.WriteMessageAsync(ctx, 404, "not found");
                return true;
        }
    }

    private void WriteFaults(Utf8JsonWriter w)
    {
        var plan = sim.Faults.Current;
        w.WriteString("plan", plan.ToString());
        w.WriteStartArray("rules");
        foreach (var r in plan.Rules) w.WriteStringValue(r.ToString());
        w.WriteEndArray();
    }

    private void WriteTruth(Utf8JsonWriter w)
    {
        var truth = sim.Truth;
        w.WriteString("clock", sim.Clock.Now.ToString());
        w.WriteNumber("connections", truth.Connections);
        w.WriteNumber("corruptedFrames", truth.CorruptedFrames);
        w.WriteNumber("injectedUnknownMessages", truth.InjectedUnknownMessages);
        w.WriteStartArray("counts");
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (symbol, channel, published, corrupted) in truth.Counts())
        {
            symbols.Add(symbol);
            w.WriteStartObject();
            w.WriteString("symbol", symbol);
            w.WriteString("channel", channel);
            w.WriteNumber("published", published);
            w.WriteNumber("corrupted", corrupted);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("bars");
        foreach (var symbol in symbols)
        {
            var bars = truth.Bars(symbol);
            if (bars.Count == 0) continue;
            w.WriteStartArray(symbol);
            foreach (var b in bars.OrderBy(kv => kv.Key).Select(kv => kv.Value)) EventEncoder.WriteRestBar(w, b);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
