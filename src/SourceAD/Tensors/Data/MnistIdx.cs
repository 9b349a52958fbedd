using System.Buffers.Binary;
using System.IO.Compression;

namespace SourceAD.Tensors.Data;

/// <summary>
/// Reads MNIST-style IDX files (LeCun's format: a big-endian header, then unsigned bytes), plain or gzipped.
/// Images use magic 0x00000803 (3 dimensions: count, rows, columns), labels 0x00000801 (1 dimension: count).
/// Every check failure throws an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class MnistIdx
{
    /// <summary>The magic number of an unsigned-byte IDX file with 3 dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of an unsigned-byte IDX file with 1 dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file: (count, rows, cols, pixels in row-major order, one byte each).</summary>
    public static (int Count, int Rows, int Cols, byte[] Pixels) ReadImages(string path)
    {
        byte[] data = ReadAll(path);
        RequireHeader(path, data, ImagesMagic, 16);
        int count = Dimension(path, data, 4, "image count");
        int rows = Dimension(path, data, 8, "row count");
        int cols = Dimension(path, data, 12, "column count");
        long expected = 16 + (long)count * rows * cols;
        RequireLength(path, data, expected, $"{count} images of {rows}×{cols}");
        return (count, rows, cols, data.AsSpan(16).ToArray());
    }

    /// <summary>Reads a labels file: one byte per item.</summary>
    public static byte[] ReadLabels(string path)
    {
        byte[] data = ReadAll(path);
        RequireHeader(path, data, LabelsMagic, 8);
        int count = Dimension(path, data, 4, "label count");
        RequireLength(path, data, 8 + (long)count, $"{count} labels");
        return data.AsSpan(8).ToArray();
    }

    /// <summary>
    /// Loads an images file and its labels file into a <see cref="MnistDataset"/> (pixels scaled to [0, 1] like
    /// torchvision's ToTensor). Throws when the counts differ or a label is not in [0, <paramref name="classes"/>).
    /// </summary>
    public static MnistDataset Load(string imagesPath, string labelsPath, int classes = 10)
    {
        (int count, int rows, int cols, byte[] pixels) = ReadImages(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new InvalidDataException($"'{labelsPath}' has {labels.Length} labels but '{imagesPath}' has {count} images.");
        }
        var intLabels = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (labels[i] >= classes)
            {
                throw new InvalidDataException($"'{labelsPath}': label {labels[i]} at index {i} is not in [0, {classes}).");
            }
            intLabels[i] = labels[i];
        }
        return new MnistDataset(pixels, intLabels, rows, cols);
    }

    /// <summary>
    /// Loads the train or test split from a folder holding the standard file names
    /// (<c>train-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, …), each either plain or with a <c>.gz</c> suffix.
    /// </summary>
    public static MnistDataset LoadSplit(string directory, bool train)
    {
        string prefix = train ? "train" : "t10k";
        return Load(Find(directory, $"{prefix}-images-idx3-ubyte"), Find(directory, $"{prefix}-labels-idx1-ubyte"));
    }

    private static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException($"Neither '{name}.gz' nor '{name}' exists in '{directory}'.", Path.Combine(directory, name));
    }

    /// <summary>The file's bytes, gunzipped when it starts with the gzip magic (0x1f 0x8b).</summary>
    private static byte[] ReadAll(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return raw;
        }
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid gzip file: {e.Message}", e);
        }
    }

    private static void RequireHeader(string path, byte[] data, int magic, int headerLength)
    {
        if (data.Length >= 4)
        {
            int actual = BinaryPrimitives.ReadInt32BigEndian(data);
            if (actual != magic)
            {
                throw new InvalidDataException($"'{path}' has magic number 0x{actual:X8}, expected 0x{magic:X8} ({(magic == ImagesMagic ? "images" : "labels")}).");
            }
        }
        if (data.Length < headerLength)
        {
            throw new InvalidDataException($"'{path}' has {data.Length} bytes, fewer than the {headerLength}-byte IDX header.");
        }
    }

    private static int Dimension(string path, byte[] data, int offset, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
        if (value < 0)
        {
            throw new InvalidDataException($"'{path}' has a negative {what} ({value}).");
        }
        return value;
    }

    private static void RequireLength(string path, byte[] data, long expected, string what)
    {
        if (data.Length != expected)
        {
            throw new InvalidDataException($"'{path}' has {data.Length} bytes but its header announces {what}, i.e. {expected} bytes.");
        }
    }
}
