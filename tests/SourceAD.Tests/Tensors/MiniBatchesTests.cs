using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using Xunit;

namespace SourceAD.Tests.Tensors;

public class MiniBatchesTests
{
    [Fact]
    public void AnEpochVisitsEveryItemOnceInBatchesOfTheRequestedSize()
    {
        var batches = new MiniBatches(count: 103, batchSize: 10, seed: 1);
        int[][] epoch = batches.Epoch(0).ToArray();
        Assert.Equal(11, epoch.Length);
        Assert.All(epoch[..^1], b => Assert.Equal(10, b.Length));
        Assert.Equal(3, epoch[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103), epoch.SelectMany(b => b).Order());
    }

    [Fact]
    public void TheSameSeedAndEpochGiveTheSameOrderAndOthersDiffer()
    {
        var a = new MiniBatches(1000, 32, seed: 42);
        var b = new MiniBatches(1000, 32, seed: 42);
        Assert.Equal(a.Order(3), b.Order(3));
        Assert.NotEqual(a.Order(3), a.Order(4));
        Assert.NotEqual(a.Order(3), new MiniBatches(1000, 32, seed: 43).Order(3));
        Assert.NotEqual(Enumerable.Range(0, 1000), a.Order(0));
    }

    [Fact]
    public void UnshuffledAndDropLastBehaveAsDocumented()
    {
        var plain = new MiniBatches(25, 10, seed: 0, shuffle: false, dropLast: true);
        int[][] epoch = plain.Epoch(5).ToArray();
        Assert.Equal(2, epoch.Length);
        Assert.Equal(Enumerable.Range(0, 20), epoch.SelectMany(b => b));
    }

    [Fact]
    public void SeededRandomIsFixedByItsSeed()
    {
        var a = new SeededRandom(123);
        var b = new SeededRandom(123);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
        var r = new SeededRandom(9);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[r.NextInt(7)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }
}
