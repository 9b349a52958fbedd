namespace SourceAD.Tensors.Backends;

/// <summary>
/// Dropout's mask as a counter-based hash of (seed, step, element index): nothing is stored, the backward and forward
/// rules recompute the mask, and every backend gives the same bits (32-bit integer arithmetic only; the multiplier is
/// below 2³¹ so libtorch can run the same steps on int64 tensors without overflow).
/// </summary>
public static class DropoutMask
{
    /// <summary>The hash's multiplier (below 2³¹: x·M &lt; 2⁶³ for any 32-bit x).</summary>
    public const uint Multiplier = 0x45d9f3b;

    /// <summary>How many low bits of the hash the keep test ignores: it compares the top 24 bits with the threshold.</summary>
    public const int DroppedBits = 8;

    /// <summary>A 32-bit integer mix (xor-shift, multiply, xor-shift, multiply, xor-shift): a bijection of uint.</summary>
    public static uint Mix(uint x)
    {
        x = ((x >> 16) ^ x) * Multiplier;
        x = ((x >> 16) ^ x) * Multiplier;
        return (x >> 16) ^ x;
    }

    /// <summary>The per-call key: the seed and both halves of the step mixed in turn.</summary>
    public static uint Key(int seed, long step) =>
        Mix(Mix(Mix((uint)seed) ^ (uint)step) ^ (uint)((ulong)step >> 32));

    /// <summary>The keep test's threshold for drop probability p: an element is dropped when its top 24 bits fall below it.</summary>
    public static uint Threshold(double p) => (uint)Math.Ceiling(p * (1 << (32 - DroppedBits)));

    /// <summary>The element's hash: Mix(Mix(index) ^ key).</summary>
    public static uint Hash(uint key, int index) => Mix(Mix((uint)index) ^ key);

    /// <summary>Whether element <paramref name="index"/> is kept.</summary>
    public static bool Keeps(uint key, uint threshold, int index) => Hash(key, index) >> DroppedBits >= threshold;
}
