using System.Buffers.Binary;
using System.IO.Compression;
using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using Xunit;

namespace SourceAD.Tests.Tensors;

public class MnistIdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sourcead-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The per-digit counts documented in samples/MnistLeNet/Data/README.md.
    private static readonly int[] TrainPerDigit = [850, 957, 842, 877, 833, 733, 861, 909, 802, 831];
    private static readonly int[] TestPerDigit = [151, 170, 149, 155, 147, 130, 153, 161, 142, 147];

    [Theory]
    [InlineData(true, 8495)]
    [InlineData(false, 1505)]
    public void TheCommittedSplitHasTheDocumentedCounts(bool train, int count)
    {
        MnistDataset data = MnistIdx.LoadSplit(RepoPaths.MnistData, train);
        Assert.Equal(count, data.Count);
        Assert.Equal(28, data.Rows);
        Assert.Equal(28, data.Cols);
        var histogram = new int[10];
        foreach (int label in data.Labels)
        {
            histogram[label]++;
        }
        Assert.Equal(train ? TrainPerDigit : TestPerDigit, histogram);
        // Round-robin order: the first ten labels are 0..9.
        Assert.Equal(Enumerable.Range(0, 10), data.Labels[..10].ToArray());
    }

    [Fact]
    public void BatchesScalePixelsToTheUnitInterval()
    {
        MnistDataset data = MnistIdx.LoadSplit(RepoPaths.MnistData, train: false);
        (Tensor images, int[] labels) = data.Batch([0, 5, 7]);
        using (images)
        {
            Assert.Equal(new[] { 3, 1, 28, 28 }, images.ShapeArray);
            Assert.Equal(new[] { 0, 5, 7 }, labels);
            float[] v = images.ToArray<float>();
            Assert.All(v, x => Assert.InRange(x, 0f, 1f));
            Assert.Equal(data.Pixels(5)[400] / 255f, v[784 + 400]);
            Assert.Contains(v, x => x == 1f);
        }
    }

    [Fact]
    public void PlainAndGzippedFilesReadTheSame()
    {
        byte[] payload = Images(2, 3, 4, seed: 1);
        string plain = Write("plain-images", payload, gzip: false), gz = Write("gz-images", payload, gzip: true);
        var a = MnistIdx.ReadImages(plain);
        var b = MnistIdx.ReadImages(gz);
        Assert.Equal((2, 3, 4), (a.Count, a.Rows, a.Cols));
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(payload.AsSpan(16).ToArray(), a.Pixels);
    }

    [Fact]
    public void AWrongMagicNumberIsReportedWithTheFileName()
    {
        string labels = Write("labels-as-images", Labels([1, 2, 3]), gzip: true);
        var e = Assert.Throws<InvalidDataException>(() => MnistIdx.ReadImages(labels));
        Assert.Contains(labels, e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Fact]
    public void ATruncatedFileIsReportedWithTheFileName()
    {
        byte[] payload = Images(5, 28, 28, seed: 2);
        string path = Write("truncated", payload[..^10], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => MnistIdx.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("5 images of 28×28", e.Message);
        string tiny = Write("tiny", [0, 0, 8], gzip: false);
        Assert.Contains(tiny, Assert.Throws<InvalidDataException>(() => MnistIdx.ReadLabels(tiny)).Message);
    }

    [Fact]
    public void MismatchedCountsAndBadLabelsAreRejected()
    {
        string images = Write("img", Images(3, 2, 2, seed: 3), gzip: false);
        string twoLabels = Write("lab2", Labels([1, 2]), gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => MnistIdx.Load(images, twoLabels));
        Assert.Contains(twoLabels, e.Message);
        Assert.Contains(images, e.Message);
        string badLabel = Write("lab3", Labels([1, 2, 10]), gzip: false);
        Assert.Contains("label 10", Assert.Throws<InvalidDataException>(() => MnistIdx.Load(images, badLabel)).Message);
    }

    [Fact]
    public void CorruptGzipIsReportedWithTheFileName()
    {
        string path = Path.Combine(_dir, "corrupt.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        Assert.Contains(path, Assert.ThrowsAny<Exception>(() => MnistIdx.ReadLabels(path)).Message);
    }

    private static byte[] Images(int count, int rows, int cols, ulong seed)
    {
        var data = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(data, MnistIdx.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        var rng = new SeededRandom(seed);
        for (int i = 16; i < data.Length; i++)
        {
            data[i] = (byte)rng.NextInt(256);
        }
        return data;
    }

    private static byte[] Labels(byte[] labels)
    {
        var data = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, MnistIdx.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), labels.Length);
        labels.CopyTo(data, 8);
        return data;
    }

    private string Write(string name, byte[] payload, bool gzip)
    {
        string path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
        using FileStream file = File.Create(path);
        if (gzip)
        {
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            gz.Write(payload);
        }
        else
        {
            file.Write(payload);
        }
        return path;
    }
}
