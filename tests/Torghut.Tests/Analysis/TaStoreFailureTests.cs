using Microsoft.AspNetCore.Http;
using Torghut.Tests.Support;

namespace Torghut.Tests.Analysis;

/// <summary>
/// A TA store that fails for good stops the process with exit code 1 and a clear error, so its supervisor restarts it
/// from the committed offsets: nothing idles on with the worker dead. "For good" is a schema that is never taken at
/// start, or writes refused for longer than a configured give-up (without one, an outage is waited out: see
/// <see cref="TaStoreOutageProcessTests"/>). The "ClickHouse" here is a scripted HTTP server that speaks just enough
/// of the protocol (version, DDL) and then refuses what the test says.
/// </summary>
public sealed class TaStoreFailureTests
{
    private const string Password = "ch-secret-5f1c";

    private static Dictionary<string, string> Env(ScriptedHttpServer clickhouse) => new()
    {
        ["TA_CLICKHOUSE_URL"] = clickhouse.Url, ["TA_CLICKHOUSE_USER"] = "torghut", ["TA_CLICKHOUSE_PASSWORD"] = Password,
        ["TA_CLICKHOUSE_MAX_RETRIES"] = "1", ["TA_CLICKHOUSE_FLUSH_MS"] = "200", ["TA_CLICKHOUSE_INIT_RETRIES"] = "2",
        ["TA_CLICKHOUSE_INIT_RETRY_DELAY_MS"] = "100", ["TA_WATERMARK_IDLE_TIMEOUT_MS"] = "1000",
        ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.05",
    };

    /// <summary>ClickHouse 18.16 as far as schema init goes; INSERTs get <paramref name="insertStatus"/>.</summary>
    private static Func<HttpContext, Task> ClickHouse(ScriptedHttpServer server, int insertStatus, int[] inserts) => async ctx =>
    {
        var query = ctx.Request.Query["query"].ToString();
        var body = server.Received.LastOrDefault().Body ?? "";
        if (query.StartsWith("INSERT", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref inserts[0]);
            ctx.Response.StatusCode = insertStatus;
            await ctx.Response.WriteAsync("Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts");
            return;
        }
        await ctx.Response.WriteAsync(body.Contains("version()", StringComparison.Ordinal) || query.Contains("version()", StringComparison.Ordinal) ? "18.16.1\n" : "");
    };

    [Fact]
    public async Task A_store_that_refuses_writes_past_the_give_up_stops_the_host_with_exit_code_1_and_names_the_failure()
    {
        await using var clickhouse = await ScriptedHttpServer.StartAsync();
        int[] inserts = [0];
        clickhouse.Handle(ClickHouse(clickhouse, insertStatus: 500, inserts));
        var env = Env(clickhouse);
        env["TA_STORE_GIVE_UP_AFTER_MS"] = "3000";
        await using var host = await HostProcess.StartAsync("run", env);

        var code = await host.ExitCodeWithinAsync(TimeSpan.FromSeconds(90));
        code.ShouldBe(1, "the host must exit on its own once the TA store refused writes for the give-up time\n" + host.Output);
        host.Output.ShouldContain("store outage: retrying with backoff");
        host.Output.ShouldContain("the give-up (TA_STORE_GIVE_UP_AFTER_MS)");
        host.Output.ShouldContain("a host component failed");
        host.Output.ShouldNotContain(Password);
        // Retried with backoff over the 3 s (0.5 s, 1 s, 1.5 s: four attempts of two tables, each with its one quick
        // retry), and nothing after the give-up.
        var atExit = Volatile.Read(ref inserts[0]);
        atExit.ShouldBeInRange(8, 16);
        await Task.Delay(1000);
        Volatile.Read(ref inserts[0]).ShouldBe(atExit);
    }

    [Fact]
    public async Task A_store_that_never_takes_the_schema_stops_the_ta_role_with_exit_code_1()
    {
        await using var clickhouse = await ScriptedHttpServer.StartAsync();
        clickhouse.Respond(503, "Code: 999, e.displayText() = Coordination::Exception: Keeper unavailable");
        var env = Env(clickhouse);
        env["KAFKA_BOOTSTRAP"] = "127.0.0.1:1"; // never reached: the store fails first
        await using var host = HostProcess.Launch("run --role ta", env);
        var code = await host.ExitCodeWithinAsync(TimeSpan.FromSeconds(60));
        code.ShouldBe(1, "the TA role must exit on its own when the store never takes the schema\n" + host.Output);
        host.Output.ShouldContain("ClickHouse schema init failed");
        host.Output.ShouldContain("after 2 attempts");
        host.Output.ShouldNotContain(Password);
    }
}
