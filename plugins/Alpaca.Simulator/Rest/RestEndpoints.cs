using Microsoft.AspNetCore.Http;

namespace Alpaca.Simulator.Rest;

/// <summary>Routes historical data requests (bars, trades, quotes) through the shared <see cref="RestPipeline"/>.</summary>
internal sealed class RestEndpoints(SimulatorContext sim)
{
    private readonly RestPipeline _pipeline = new(sim);
    private readonly RestBarsEndpoint _bars = new(sim);
    private readonly RestHistoryEndpoint _history = new(sim);

    /// <summary>Handles the request if the path is a historical data endpoint; false otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext ctx)
    {
        if (RestRoute.Parse(ctx.Request.Path.Value ?? "") is not { } route) return false;
        var query = ctx.Request.Query;
        await _pipeline.HandleAsync(ctx, route, fault => route.Dataset == RestDataset.Bars
            ? _bars.Build(query, route, fault)
            : _history.Build(query, route, fault));
        return true;
    }
}
