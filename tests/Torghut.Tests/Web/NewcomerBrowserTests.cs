using Torghut.Tests.Support;
using Xunit.Abstractions;

namespace Torghut.Tests.Web;

/// <summary>
/// The first hour of a new user, in a real headless Chromium against the real `torghut run` with nothing configured:
/// open the URL `run` printed, see the three crypto pairs in the Symbols panel, add DOGE/USD through the form, watch it
/// stream, disable it. Screenshots of each step go to artifacts/newcomer/.
/// </summary>
public sealed class NewcomerBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _data = new("torghut-newcomer");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Fresh_run_shows_the_pairs_and_a_pair_added_and_disabled_on_the_page_joins_and_leaves_the_stream()
    {
        // Nothing but a fresh data directory: no token, no symbols URL (backfill off only to keep the machine quiet).
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_DATA_DIR"] = _data.Path, ["ENABLE_BARS_BACKFILL"] = "false",
        });
        using var http = new HttpClient();
        var printedUrl = (await RunOutput.TokenUrlAsync(host)).Value;
        await Eventually.HoldsAsync(async () => (await RunOutput.SubscribedTradesAsync(http, host)).Length == 3, "crypto lane streaming", TimeSpan.FromSeconds(30));

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(printedUrl);
        var shots = Path.Combine(RepoPaths.Root, "artifacts", "newcomer", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        Task Shot(string step) => browser.ScreenshotAsync(Path.Combine(shots, step + ".png"));
        async Task<string> PageAsync(string js) => (await browser.EvaluateAsync(js)).ToString();
        try
        {
            // 1. The Symbols panel shows what the lane streams, and the page took the token out of the address bar.
            await Eventually.HoldsAsync(async () => await PageAsync(
                "JSON.stringify([...document.querySelectorAll('[data-asset-class=crypto] tr[data-symbol]')].map(r => r.dataset.symbol))")
                == """["BTC/USD","ETH/USD","SOL/USD"]""", "Symbols panel lists the three crypto pairs", TimeSpan.FromSeconds(20));
            (await PageAsync("location.hash")).ShouldBeEmpty();
            await Shot("1-fresh-run");

            // 2. Add DOGE/USD through the form, with nothing typed into the token field: the printed URL carried it.
            await browser.EvaluateAsync("""
                (() => {
                  document.getElementById('symbol-input').value = 'DOGE/USD';
                  document.getElementById('symbol-class').value = 'crypto';
                  document.getElementById('symbol-add').click();
                })()
                """);
            await Eventually.HoldsAsync(async () => (await PageAsync("document.getElementById('message').textContent")).Contains("added DOGE/USD"),
                "the page confirms the add");
            await Eventually.HoldsAsync(async () => (await RunOutput.SubscribedTradesAsync(http, host)).Contains("DOGE/USD"), "DOGE/USD subscribed", TimeSpan.FromSeconds(5));

            // 3. Its candles appear on the chart.
            await Eventually.HoldsAsync(async () => (await PageAsync("[...document.getElementById('chart-symbol').options].some(o => o.value === 'DOGE/USD')")) == "True",
                "DOGE/USD offered by the chart", TimeSpan.FromSeconds(20));
            await browser.EvaluateAsync("(() => { const s = document.getElementById('chart-symbol'); s.value = 'DOGE/USD'; s.dispatchEvent(new Event('change')); })()");
            await Eventually.HoldsAsync(async () => await PageAsync("window.torghut.symbol") == "DOGE/USD" &&
                                                    int.Parse(await PageAsync("window.torghut.candles")) >= 2,
                "DOGE/USD candles on the chart", TimeSpan.FromSeconds(120));
            await Shot("2-doge-streaming");

            // 4. Disable it from its row: it leaves the subscription.
            await browser.EvaluateAsync("document.querySelector('[data-asset-class=crypto] tr[data-symbol=\"DOGE/USD\"] button').click()");
            await Eventually.HoldsAsync(async () => !(await RunOutput.SubscribedTradesAsync(http, host)).Contains("DOGE/USD"), "DOGE/USD unsubscribed", TimeSpan.FromSeconds(5));
            (await RunOutput.SubscribedTradesAsync(http, host)).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);
            await Eventually.HoldsAsync(async () => (await PageAsync(
                "document.querySelector('[data-asset-class=crypto] tr[data-symbol=\"DOGE/USD\"] td:nth-child(2)').textContent")) == "disabled",
                "the page shows DOGE/USD disabled");
            await Shot("3-doge-disabled");
            output.WriteLine($"screenshots: {shots}");
        }
        catch
        {
            await Shot("failure");
            output.WriteLine($"screenshots: {shots}\nmessage: {await PageAsync("document.getElementById('message').textContent")}\nhost output:\n{host.Output}");
            throw;
        }
    }
}
