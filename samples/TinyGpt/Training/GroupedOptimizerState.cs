using System.Buffers.Binary;

namespace TinyGpt.Training;

/// <summary>
/// The optimizer part of a TinyGpt checkpoint: one SourceAD optimizer state file per parameter group. Layout
/// (little-endian): magic <c>TGPTGRPS</c>, u32 group count, then each group as i32 byte length and the bytes. The
/// checkpoint around it is sealed (SHA-256), so this layer only has to tell formats apart.
/// </summary>
public static class GroupedOptimizerState
{
    private static readonly byte[] Magic = "TGPTGRPS"u8.ToArray();

    // What a checkpoint from before the parameter groups holds: one bare SourceAD optimizer state file.
    private static readonly byte[] SingleGroupMagic = "SRCADOPT"u8.ToArray();

    /// <summary>The groups' state files, in order, as one byte array.</summary>
    public static byte[] Write(IReadOnlyList<byte[]> groups)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        Span<byte> word = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(word, groups.Count);
        buffer.Write(word);
        foreach (byte[] group in groups)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, group.Length);
            buffer.Write(word);
            buffer.Write(group);
        }
        return buffer.ToArray();
    }

    /// <summary>The <paramref name="expectedGroups"/> state files of <see cref="Write"/>'s bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are a single-group state from before the groups, hold another
    /// number of groups, or are not this format.</exception>
    public static byte[][] Read(byte[] state, int expectedGroups)
    {
        ReadOnlySpan<byte> s = state;
        if (s.StartsWith(SingleGroupMagic))
        {
            throw new InvalidDataException(
                "its optimizer state is one flat group with weight decay on every parameter, saved before TinyGpt exempted biases and " +
                "LayerNorm parameters from decay; this version cannot resume it (start anew with --overwrite)");
        }
        if (!s.StartsWith(Magic) || s.Length < Magic.Length + sizeof(int))
        {
            throw new InvalidDataException("its optimizer state is not TinyGpt's grouped format");
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(s[Magic.Length..]);
        if (count != expectedGroups)
        {
            throw new InvalidDataException($"its optimizer state holds {count} parameter groups, not {expectedGroups}");
        }
        var groups = new byte[count][];
        int at = Magic.Length + sizeof(int);
        for (int i = 0; i < count; i++)
        {
            int length = s.Length - at >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(s[at..]) : -1;
            at += sizeof(int);
            if (length < 0 || length > s.Length - at)
            {
                throw new InvalidDataException($"its optimizer state's group {i} runs past the end");
            }
            groups[i] = s.Slice(at, length).ToArray();
            at += length;
        }
        if (at != s.Length)
        {
            throw new InvalidDataException("its optimizer state has trailing data");
        }
        return groups;
    }
}
