using System.Globalization;

namespace SourceAD.Generators.Helpers;

/// <summary>
/// A hash of text that is the same in every process and on every machine (string.GetHashCode is randomized per
/// process), for names that must not change between builds: hint names that differ only in case, adapter and split
/// sweep suffixes.
/// </summary>
internal static class StableHash
{
    /// <summary>A stable 32-bit FNV-1a hash of the exact (case-sensitive) text, as 8 hex digits.</summary>
    public static string Of(string text)
    {
        uint h = 2166136261;
        foreach (char c in text)
        {
            h ^= c;
            h *= 16777619;
        }
        return h.ToString("x8", CultureInfo.InvariantCulture);
    }
}
