using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TinyGpt.Training;

/// <summary>
/// One checkpoint file: the <see cref="TrainingState"/> (JSON) and the optimizer's state file (θ = the parameters in
/// declaration order, its slots, step count and schedule position), sealed by a SHA-256.
/// </summary>
/// <remarks>
/// Layout (little-endian): <c>TINYGPT1</c>, i32 length + UTF-8 JSON, i64 length + optimizer state bytes, 32-byte
/// SHA-256 of everything before it. Written to a temporary file in the same folder, flushed, then renamed over the
/// target: an interrupted write leaves the previous checkpoint as it was.
/// </remarks>
public static class Checkpoint
{
    private static readonly byte[] Magic = "TINYGPT1"u8.ToArray();

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Write(string path, TrainingState state, byte[] optimizerState)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(state);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(json.Length);
            w.Write(json);
            w.Write((long)optimizerState.Length);
            w.Write(optimizerState);
        }
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                f.Write(body.GetBuffer(), 0, (int)body.Length);
                f.Write(hash);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Reads and verifies a checkpoint; throws <see cref="TrainerException"/> naming the file and the problem.</summary>
    public static (TrainingState State, byte[] OptimizerState) Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new TrainerException($"Cannot resume: checkpoint '{full}' does not exist.");
        }
        byte[] data;
        try
        {
            data = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainerException($"Cannot read checkpoint '{full}': {e.Message}", e);
        }
        Require(data.Length >= Magic.Length + 4 + 8 + 32 && data.AsSpan(0, Magic.Length).SequenceEqual(Magic), "it is not a TinyGpt checkpoint (bad magic or too short)");
        Require(SHA256.HashData(data.AsSpan(0, data.Length - 32)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 32)), "its checksum does not match (the file is corrupt or truncated)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(data, 0, data.Length - 32));
            r.ReadBytes(Magic.Length);
            int jsonLength = r.ReadInt32();
            Require(jsonLength > 0 && jsonLength <= data.Length, "its header length is invalid");
            TrainingState? state = JsonSerializer.Deserialize<TrainingState>(r.ReadBytes(jsonLength));
            Require(state is not null, "its header is empty");
            long optimizerLength = r.ReadInt64();
            Require(optimizerLength > 0 && optimizerLength == r.BaseStream.Length - r.BaseStream.Position, "its optimizer state has the wrong length");
            return (state!, r.ReadBytes((int)optimizerLength));
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or NotSupportedException)
        {
            throw new TrainerException($"Checkpoint '{full}' is corrupt: {e.Message}", e);
        }

        void Require(bool ok, string why)
        {
            if (!ok)
            {
                throw new TrainerException($"Checkpoint '{full}' is corrupt or not a checkpoint: {why}.");
            }
        }
    }
}
