using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SourceAD.Samples;

/// <summary>
/// The checkpoint file format every trainer sample shares: its <typeparamref name="TState"/> (JSON) and the optimizer's
/// state bytes (θ in declaration order, the slots, the step count and schedule position), sealed by a SHA-256.
/// </summary>
/// <remarks>
/// Layout (little-endian): the sample's 8-byte magic, u32 format version, i32 length + UTF-8 JSON, i64 length + optimizer
/// state bytes, 32-byte SHA-256 of everything before it. Written to a temporary file in the same folder, flushed to
/// disk, then renamed over the target, so an interrupted write never leaves a torn checkpoint: the old one stays until
/// the new one is complete. Every problem on reading is one exception from <c>error</c>, naming the file and why.
/// </remarks>
/// <param name="sample">The sample's name, for "not a … checkpoint".</param>
/// <param name="magic">The sample's 8-byte magic.</param>
/// <param name="version">The format version this build writes and reads.</param>
/// <param name="error">The sample's error for a message (and its cause, or null).</param>
public sealed class SealedCheckpoint<TState>(string sample, byte[] magic, uint version, Func<string, Exception?, Exception> error) where TState : class
{
    /// <summary>Writes a checkpoint atomically.</summary>
    public void Write(string path, TState state, byte[] optimizerState)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(state);
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(magic);
            w.Write(version);
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

    /// <summary>Reads and verifies a checkpoint; a missing, truncated, corrupt or foreign file throws the sample's error.</summary>
    public (TState State, byte[] OptimizerState) Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw error($"Cannot resume: checkpoint '{full}' does not exist.", null);
        }
        byte[] data;
        try
        {
            data = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw error($"Cannot read checkpoint '{full}': {e.Message}", e);
        }
        Require(data.Length >= magic.Length + 4 + 4 + 8 + 32 && data.AsSpan(0, magic.Length).SequenceEqual(magic), $"it is not a {sample} checkpoint (bad magic or too short)");
        Require(SHA256.HashData(data.AsSpan(0, data.Length - 32)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 32)), "its checksum does not match (the file is corrupt or truncated)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(data, 0, data.Length - 32));
            r.ReadBytes(magic.Length);
            uint found = r.ReadUInt32();
            Require(found == version, $"its format version is {found}, this trainer reads {version}");
            int jsonLength = r.ReadInt32();
            Require(jsonLength > 0 && jsonLength <= data.Length, "its header length is invalid");
            TState? state = JsonSerializer.Deserialize<TState>(r.ReadBytes(jsonLength));
            Require(state is not null, "its header is empty");
            long optimizerLength = r.ReadInt64();
            Require(optimizerLength > 0 && optimizerLength == r.BaseStream.Length - r.BaseStream.Position, "its optimizer state has the wrong length");
            return (state!, r.ReadBytes((int)optimizerLength));
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or NotSupportedException)
        {
            throw error($"Checkpoint '{full}' is corrupt: {e.Message}", e);
        }

        void Require(bool ok, string why)
        {
            if (!ok)
            {
                throw error($"Checkpoint '{full}' is corrupt or not a checkpoint: {why}.", null);
            }
        }
    }
}
