using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Plugins;

namespace Torghut.Host.Cli;

/// <summary>`torghut sim`: runs the venue simulator a plugin ships (Alpaca's by default) until stopped.</summary>
public static class SimCommand
{
    public static Command Create(CliContext cli)
    {
        var venue = new Option<string>("--venue") { Description = "Venue whose simulator to run", DefaultValueFactory = _ => "alpaca" };
        var port = new Option<int>("--port") { Description = "Loopback port (0 = any free port)", DefaultValueFactory = _ => 8765 };
        var seed = new Option<int>("--seed") { Description = "Seed of the deterministic market", DefaultValueFactory = _ => 42 };
        var speed = new Option<double>("--speed") { Description = "Clock speed: 1 = real time, 60 = one minute per second", DefaultValueFactory = _ => 1.0 };
        var faults = new Option<string?>("--faults") { Description = "Fault plan (see the simulator's README), or @file to read it from a file" };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols to make a market in up front" };
        var command = new Command("sim", "Run a venue simulator on loopback and print the settings that point Torghut at it");
        foreach (var o in new Option[] { venue, port, seed, speed, faults, symbols }) command.Options.Add(o);
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--port must be 0..65535");
        });
        speed.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (!(value > 0 && value <= 100_000)) r.AddError("--speed must be > 0 and at most 100000");
        });
        command.SetAction((parse, ct) => cli.RunAsync(async services =>
        {
            var catalog = services.GetRequiredService<IPluginCatalog>();
            var name = parse.GetValue(venue)!;
            var plugin = catalog.Plugins.FirstOrDefault(p => p.Provides(PluginServices.Simulator) &&
                                                           string.Equals(p.Manifest!.Venue, name, StringComparison.OrdinalIgnoreCase));
            if (plugin is null)
            {
                await cli.Err.WriteLineAsync($"no loaded plugin in {catalog.Directory} ships a simulator for venue '{name}' (see `torghut plugins`)");
                return ExitCodes.Usage;
            }
            var faultPlan = parse.GetValue(faults);
            if (faultPlan is ['@', .. var file]) faultPlan = await File.ReadAllTextAsync(file, ct);
            var options = new SimulatorOptions(parse.GetValue(port), parse.GetValue(seed), parse.GetValue(speed), faultPlan,
                parse.GetValue(symbols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            IRunningSimulator running;
            try
            {
                running = await plugin.Instance!.CreateSimulator()!.StartAsync(options, ct);
            }
            catch (ArgumentException e)
            {
                await cli.Err.WriteLineAsync($"invalid simulator option: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (IOException e)
            {
                await cli.Err.WriteLineAsync($"simulator could not start: {e.Message}");
                return ExitCodes.Failure;
            }
            await using (running)
            {
                await cli.Out.WriteLineAsync($"{plugin.Name} {plugin.Manifest!.Version}: seed {options.Seed}, speed {options.Speed}x; stream {running.StreamBaseUrl}, REST {running.RestBaseUrl}");
                await cli.Out.WriteLineAsync("point Torghut at it with:");
                foreach (var (key, value) in running.Settings) await cli.Out.WriteLineAsync($"export {key}={value}");
                await cli.Out.FlushAsync(ct);
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { }
            }
            return ExitCodes.Ok;
        }, LogLevel.Warning));
        return command;
    }
}
