using System.Security.Cryptography;
using SourceAD.Tensors.Data;

namespace MnistLeNet.Training;

/// <summary>The train and test splits a run uses, with a fingerprint that ties a checkpoint to them.</summary>
public sealed record MnistData(MnistDataset Train, MnistDataset Test, string Directory, string Fingerprint)
{
    /// <summary>The digits shipped with the sample (copied next to the executable at build time).</summary>
    public static string EmbeddedDirectory => Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>
    /// Loads both splits from <paramref name="directory"/> (null: <see cref="EmbeddedDirectory"/>), keeping the first
    /// <paramref name="trainLimit"/>/<paramref name="testLimit"/> images when given.
    /// </summary>
    /// <exception cref="TrainerException">The folder is missing, a file is missing or malformed (the message names it).</exception>
    public static MnistData Load(string? directory, int? trainLimit = null, int? testLimit = null)
    {
        string dir = Path.GetFullPath(directory ?? EmbeddedDirectory);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new TrainerException($"Data folder '{dir}' does not exist. --data needs a folder holding train-images-idx3-ubyte, " +
                "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each plain or .gz).");
        }
        MnistDataset train, test;
        try
        {
            train = MnistIdx.LoadSplit(dir, train: true);
            test = MnistIdx.LoadSplit(dir, train: false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new TrainerException($"Data folder '{dir}' is not usable: {e.Message}", e);
        }
        foreach ((MnistDataset set, string name) in new[] { (train, "train"), (test, "test") })
        {
            if (set.Rows != 28 || set.Cols != 28 || set.Count == 0)
            {
                throw new TrainerException($"Data folder '{dir}': the {name} split has {set.Count} images of {set.Rows}×{set.Cols}; LeNet-5 here needs 28×28 MNIST digits.");
            }
        }
        train = Take(train, trainLimit);
        test = Take(test, testLimit);
        return new MnistData(train, test, dir, ComputeFingerprint(train, test));
    }

    private static MnistDataset Take(MnistDataset set, int? limit)
    {
        if (limit is not int n || n >= set.Count)
        {
            return set;
        }
        int size = set.Rows * set.Cols;
        var pixels = new byte[n * size];
        for (int i = 0; i < n; i++)
        {
            set.Pixels(i).CopyTo(pixels.AsSpan(i * size));
        }
        return new MnistDataset(pixels, set.Labels[..n].ToArray(), set.Rows, set.Cols);
    }

    private static string ComputeFingerprint(MnistDataset train, MnistDataset test)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (MnistDataset set in new[] { train, test })
        {
            sha.AppendData(BitConverter.GetBytes(set.Count));
            for (int i = 0; i < set.Count; i++)
            {
                sha.AppendData(set.Pixels(i));
            }
            foreach (int label in set.Labels)
            {
                sha.AppendData([(byte)label]);
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
