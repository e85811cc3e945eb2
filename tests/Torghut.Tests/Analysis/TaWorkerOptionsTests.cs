using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis;
using Torghut.Host.Configuration;
using Torghut.Host.Storage.ClickHouse;

namespace Torghut.Tests.Analysis;

/// <summary>The worker's store writer reads the store's TA_CLICKHOUSE_* keys by the store's rules: one key, one rule.</summary>
public sealed class TaWorkerOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Unset_keys_give_upstream_s_flush_interval_and_the_store_s_batch_size()
    {
        var options = TaWorkerOptions.From(Config());
        options.StoreBatchRows.ShouldBe(ClickHouseOptions.DefaultBatchSize);
        options.StoreFlushInterval.ShouldBe(TimeSpan.FromSeconds(1));
        var set = TaWorkerOptions.From(Config(("TA_CLICKHOUSE_BATCH_SIZE", "2000"), ("TA_CLICKHOUSE_FLUSH_MS", "250")));
        set.StoreBatchRows.ShouldBe(2000);
        set.StoreFlushInterval.ShouldBe(TimeSpan.FromMilliseconds(250));
    }

    [Theory]
    [InlineData("TA_CLICKHOUSE_BATCH_SIZE", "abc")]
    [InlineData("TA_CLICKHOUSE_BATCH_SIZE", "0")]
    [InlineData("TA_CLICKHOUSE_FLUSH_MS", "-5")]
    [InlineData("TA_CLICKHOUSE_FLUSH_MS", "1s")]
    public void A_bad_store_setting_is_a_configuration_error_naming_the_key(string key, string value)
    {
        // The store refuses the same values (ClickHouseOptions.FromConfiguration); the writer used to replace them silently.
        Should.Throw<ConfigException>(() => TaWorkerOptions.From(Config((key, value)))).Message.ShouldContain(key);
    }
}
