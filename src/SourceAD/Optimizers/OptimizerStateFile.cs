using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SourceAD.Optimizers;

/// <summary>
/// The versioned binary format of saved optimizer state. Layout (little-endian):
/// magic "SRCADOPT", u32 format version, the <see cref="Header"/> fields, u32 slot count, then each slot as
/// i64 byte length and raw elements (θ first), and finally the SHA-256 of everything before it.
/// </summary>
internal static class OptimizerStateFile
{
    /// <summary>Bumped whenever the layout changes; older readers refuse newer files by this number.</summary>
    public const uint FormatVersion = 1;

    private static readonly byte[] Magic = "SRCADOPT"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>What identifies the saved optimizer and its position.</summary>
    public sealed record Header(
        string Algorithm,
        string ElementType,
        string Configuration,
        long StepCount,
        long SchedulePosition,
        int ParameterCount,
        bool HasState);

    public static void Write<T>(string path, Header header, ReadOnlySpan<T> theta, T[][] slots)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Optimizer state files are little-endian.");
        }

        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                void Append(ReadOnlySpan<byte> bytes)
                {
                    stream.Write(bytes);
                    hash.AppendData(bytes);
                }

                Append(Magic);
                Append(UInt32(FormatVersion));
                Append(EncodeHeader(header));
                Append(UInt32((uint)(slots.Length + 1)));
                AppendSlot(MemoryMarshal.AsBytes(theta));
                foreach (var slot in slots)
                {
                    AppendSlot(MemoryMarshal.AsBytes(slot.AsSpan()));
                }

                stream.Write(hash.GetHashAndReset());
                stream.Flush(flushToDisk: true);

                void AppendSlot(ReadOnlySpan<byte> bytes)
                {
                    var length = new byte[sizeof(long)];
                    BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
                    Append(length);
                    Append(bytes);
                }
            }

            // The rename is the commit point: readers see the old file or the new one, never a mix.
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Reads and fully checks a state file; throws <see cref="InvalidDataException"/> if it is not valid.</summary>
    public static (Header Header, byte[][] Slots) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        void Fail(string why) => throw new InvalidDataException($"Cannot load optimizer state from '{path}': {why}.");

        if (bytes.Length < Magic.Length + sizeof(uint) + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            Fail("it is not a SourceAD optimizer state file");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != FormatVersion)
        {
            Fail($"its format version is {version}, and this SourceAD reads version {FormatVersion}");
        }

        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
        {
            Fail("the file is corrupt (its SHA-256 checksum does not match its contents)");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            reader.BaseStream.Position = Magic.Length + sizeof(uint);
            var header = new Header(
                reader.ReadString(),
                reader.ReadString(),
                reader.ReadString(),
                reader.ReadInt64(),
                reader.ReadInt64(),
                reader.ReadInt32(),
                reader.ReadBoolean());
            var count = reader.ReadUInt32();
            if (count == 0 || count > 64)
            {
                Fail($"it declares {count} slots");
            }

            var slots = new byte[count][];
            for (var i = 0; i < slots.Length; i++)
            {
                var length = reader.ReadInt64();
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                {
                    Fail("a slot runs past the end of the file");
                }

                slots[i] = reader.ReadBytes((int)length);
            }

            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                Fail("it has trailing data");
            }

            return (header, slots);
        }
        catch (EndOfStreamException)
        {
            Fail("it ends early");
            throw;
        }
    }

    public static void FromBytes<T>(byte[] source, Span<T> destination)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(source).CopyTo(destination);

    private static byte[] EncodeHeader(Header header)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(header.Algorithm);
            writer.Write(header.ElementType);
            writer.Write(header.Configuration);
            writer.Write(header.StepCount);
            writer.Write(header.SchedulePosition);
            writer.Write(header.ParameterCount);
            writer.Write(header.HasState);
        }

        return buffer.ToArray();
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
