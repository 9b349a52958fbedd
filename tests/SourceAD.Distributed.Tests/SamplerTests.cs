using SourceAD.Tensors.Data;

namespace SourceAD.Distributed.Tests;

public sealed class SamplerTests
{
    [Theory]
    [InlineData(100, 32, 2)] // a last batch of 4
    [InlineData(90, 24, 4)]  // a last batch of 18: shards of 4 and 5
    [InlineData(7, 3, 4)]    // a last batch of 1: three empty shards
    [InlineData(64, 64, 1)]
    public void Shards_of_each_batch_are_disjoint_contiguous_and_cover_the_batch_in_order(int count, int batch, int shards)
    {
        var sampler = new DistributedSampler(new MiniBatches(count, batch, seed: 3), shards);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            int[] order = sampler.Batches.Order(epoch);
            var seen = new List<int>();
            for (int b = 0; b < sampler.Batches.BatchesPerEpoch; b++)
            {
                var inBatch = new List<int>();
                double weights = 0;
                for (int s = 0; s < shards; s++)
                {
                    int[] shard = sampler.Shard(order, b, s);
                    Assert.InRange(shard.Length, sampler.BatchCount(b) / shards, sampler.BatchCount(b) / shards + 1);
                    Assert.Equal((double)shard.Length / sampler.BatchCount(b), sampler.Weight(b, s));
                    weights += sampler.Weight(b, s);
                    inBatch.AddRange(shard);
                }
                Assert.Equal(order.Skip(b * batch).Take(batch), inBatch);
                Assert.Equal(1.0, weights, 12);
                seen.AddRange(inBatch);
            }
            // Every item once per epoch, in the MiniBatches order.
            Assert.Equal(order, seen);
        }
    }

    [Fact]
    public void Each_rank_gets_its_own_contiguous_block_of_shards()
    {
        var sampler = new DistributedSampler(new MiniBatches(10, 4, seed: 1), 4);
        Assert.Equal((0, 4), Bounds(sampler.LocalShards(0, 1)));
        Assert.Equal((0, 2), Bounds(sampler.LocalShards(0, 2)));
        Assert.Equal((2, 4), Bounds(sampler.LocalShards(1, 2)));
        Assert.Equal((3, 4), Bounds(sampler.LocalShards(3, 4)));

        static (int, int) Bounds(Range r) => (r.Start.Value, r.End.Value);
    }

    [Fact]
    public void A_rank_count_that_does_not_divide_the_shards_is_refused_with_the_valid_counts()
    {
        var e = Assert.Throws<DistributedException>(() => new DistributedSampler(new MiniBatches(10, 4, seed: 1), 4).LocalShards(0, 3));
        Assert.Contains("4 shards per batch, which 3 ranks cannot share evenly", e.Message);
        Assert.Contains("1, 2, 4", e.Message);
    }
}
