using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;

namespace Torghut.Host.Cli;

/// <summary>`torghut backfill`: fetches 1-minute bars for a range through the lane plugin and publishes them (source=rest).</summary>
public static class BackfillCommand
{
    public static Command Create(CliContext cli)
    {
        var lane = new Option<string>("--lane")
        {
            Description = "Lane whose plugin and settings to use: crypto, equity, or one named in TORGHUT_LANES", DefaultValueFactory = _ => "crypto",
        };
        var symbols = new Option<string>("--symbols") { Description = "Comma-separated symbols, e.g. BTC/USD,ETH/USD", Required = true };
        var from = new Option<string>("--from") { Description = "Start, RFC 3339 (inclusive)", Required = true };
        var to = new Option<string?>("--to") { Description = "End, RFC 3339 (inclusive); default now" };
        var command = new Command("backfill", "Backfill 1-minute bars for a range and publish them to the bars topic");
        foreach (var o in new Option[] { lane, symbols, from, to }) command.Options.Add(o);
        command.SetAction((parse, ct) => cli.RunAsync(async services =>
        {
            if (!NanoTimestamp.TryParse(parse.GetValue(from)!.AsSpan(), out var start))
                return await UsageAsync(cli, $"--from '{parse.GetValue(from)}' is not an RFC 3339 time");
            NanoTimestamp? end = null;
            if (parse.GetValue(to) is { } toText)
            {
                if (!NanoTimestamp.TryParse(toText.AsSpan(), out var e)) return await UsageAsync(cli, $"--to '{toText}' is not an RFC 3339 time");
                end = e;
            }
            if (end is { } endValue && endValue < start) return await UsageAsync(cli, "--to is before --from");
            var plans = await services.GetRequiredService<ILanePlanner>().PlanAllAsync();
            if (plans.FirstOrDefault(p => p.Name == parse.GetValue(lane)) is not { } plan)
                return await UsageAsync(cli, $"--lane '{parse.GetValue(lane)}' is not a lane (known: {string.Join(", ", plans.Select(p => p.Name))})");
            if (plan.Backfill is null || plan.Codec is null)
                return await FailAsync(cli, $"lane {plan.Name} cannot backfill: {plan.Problem ?? "its plugin has no backfill source"}");
            var accepted = new List<string>();
            foreach (var raw in parse.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var result = plan.Codec.Canonicalize(raw);
                if (!result.IsValid) return await UsageAsync(cli, $"symbol '{raw}': {result.Error}");
                accepted.Add(result.Symbol!);
            }
            var configuration = services.GetRequiredService<IConfiguration>();
            var publisher = services.GetRequiredService<IRecordPublisher>();
            var envelopes = new EnvelopeWriter(plan.Venue ?? plan.Plugin, TopicMap.From(configuration), services.GetRequiredService<SequenceClock>());
            var credentials = plan.Credentials; // the lane's own, else the venue's settings its plugin names
            var progress = new ProgressBar(cli.Out, accepted, start, end ?? NanoTimestamp.Now);
            var backfiller = new BarBackfiller(plan.Backfill, credentials, services.GetRequiredService<IHttpClientFactory>().CreateClient("backfill"),
                bar => envelopes.Bar(bar, EnvelopeSource.Rest), publisher, services.GetRequiredService<ILoggerFactory>().CreateLogger("backfill"))
            {
                Progress = progress.Report,
            };
            await backfiller.RunAsync(accepted.ToDictionary(x => x, _ => start), end, ct);
            var delivered = await publisher.FlushAsync(TimeSpan.FromSeconds(30), ct);
            progress.Done();
            await cli.Out.WriteLineAsync($"backfill {plan.Name}: {backfiller.Stats}; transport {(delivered ? "confirmed every record" : "did NOT confirm every record")}");
            await publisher.DisposeAsync();
            return backfiller.Stats.FailedSymbols > 0 || !delivered ? ExitCodes.Failure : ExitCodes.Ok;
        }, LogLevel.Warning));
        return command;
    }

    private static async Task<int> UsageAsync(CliContext cli, string message)
    {
        await cli.Err.WriteLineAsync($"error: {message}");
        return ExitCodes.Usage;
    }

    private static async Task<int> FailAsync(CliContext cli, string message)
    {
        await cli.Err.WriteLineAsync(message);
        return ExitCodes.Failure;
    }

    /// <summary>One line, redrawn in place on a terminal: share of the time range covered, over all symbols.</summary>
    private sealed class ProgressBar(TextWriter output, IReadOnlyList<string> symbols, NanoTimestamp start, NanoTimestamp end)
    {
        private readonly Dictionary<string, double> _done = symbols.ToDictionary(s => s, _ => 0.0);
        private readonly bool _interactive = output == Console.Out && !Console.IsOutputRedirected;
        private int _lastPercent = -1;

        public void Report(string symbol, NanoTimestamp? reached)
        {
            var span = Math.Max(1, end.UnixNanoseconds - start.UnixNanoseconds);
            if (reached is { } r) _done[symbol] = Math.Clamp((r.UnixNanoseconds - start.UnixNanoseconds) / (double)span, 0, 1);
            Draw(symbol);
        }

        public void Done()
        {
            foreach (var s in symbols) _done[s] = 1;
            Draw("done");
            if (_interactive) output.WriteLine();
        }

        private void Draw(string current)
        {
            var percent = (int)(100 * _done.Values.Average());
            if (percent == _lastPercent && current != "done") return;
            _lastPercent = percent;
            var filled = percent / 5;
            var line = $"[{new string('#', filled)}{new string('.', 20 - filled)}] {percent,3}% {current}";
            if (_interactive) output.Write("\r" + line.PadRight(60));
            else output.WriteLine(line);
        }
    }
}
