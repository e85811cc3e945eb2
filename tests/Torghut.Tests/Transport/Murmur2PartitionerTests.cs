using System.Text;
using Torghut.Host.Transport;

namespace Torghut.Tests.Transport;

public sealed class Murmur2PartitionerTests
{
    // Expected values from Kafka's own Java test (clients UtilsTest.testMurmur2).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Hash_matches_the_Java_client(string key, int expected) =>
        Murmur2Partitioner.Hash(Encoding.UTF8.GetBytes(key)).ShouldBe(expected);

    [Fact]
    public void Partition_is_the_positive_hash_modulo_the_partition_count()
    {
        foreach (var key in new[] { "BTC/USD", "ETH/USD", "SOL/USD", "NVDA", "MSFT", "21", "foobar" })
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            var p = Murmur2Partitioner.Partition(bytes, 3);
            p.ShouldBe((Murmur2Partitioner.Hash(bytes) & 0x7fffffff) % 3);
            p.ShouldBeInRange(0, 2);
        }
    }

    [Fact]
    public void Every_tail_length_is_handled() =>
        // 0..7 bytes covers each remainder of length % 4 twice; values must be stable and distinct.
        Enumerable.Range(0, 8).Select(n => Murmur2Partitioner.Hash(Encoding.ASCII.GetBytes(new string('x', n)))).Distinct().Count().ShouldBe(8);
}
