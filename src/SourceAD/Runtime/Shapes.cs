using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SourceAD.Runtime;

/// <summary>Argument checks shared by generated derivative code; the messages name the parameter and both lengths.</summary>
/// <remarks>
/// Each check is a comparison and a call of a throw helper that is never inlined. The JIT inlines these checks into the
/// generated method, and it stops inlining in a method once it tracks too many locals: an inlined message (an
/// interpolated string) cost a few dozen locals per check at the top of every pullback, and the dual pullbacks' hot
/// loops, inlined last, then called Dual's operators instead of inlining them (GMM's H·v ran 5.6× its gradient).
/// </remarks>
public static class Shapes
{
    /// <summary>Throws when an adjoint or tangent span is shorter than its primal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireLength(int primalLength, int derivativeLength, string derivativeName, string primalName)
    {
        if (derivativeLength < primalLength) ThrowTooShort(primalLength, derivativeLength, derivativeName, primalName);
    }

    /// <summary>
    /// Throws when a vector output is not as long as the loop that writes it: the generated derivatives of such a method
    /// treat every entry as written (<c>for (int i = 0; i &lt; x.Length; i++) y[i] = …</c> with <c>y.Length == x.Length</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireWrittenLength(int outputLength, int writtenLength, string outputName, string boundText, string methodName)
    {
        if (outputLength != writtenLength) ThrowNotWrittenLength(outputLength, writtenLength, outputName, boundText, methodName);
    }

    /// <summary>Throws when a vector pushforward is given a negative number of directions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireDirections(int directions, string name)
    {
        if (directions < 0) ThrowNegativeDirections(directions, name);
    }

    /// <summary>
    /// Throws when a vector pushforward's seed or tangent span is shorter than its primal's entries times the number of
    /// directions: the span is the n × p matrix whose entry i of direction k is at [i·p + k].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireSeedLength(int primalLength, int directions, int seedLength, string seedName, string primalName)
    {
        if (seedLength < (long)primalLength * directions) ThrowSeedTooShort(primalLength, directions, seedLength, seedName, primalName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegativeDirections(int directions, string name) =>
        throw new ArgumentOutOfRangeException(name, directions, $"'{name}' is {directions}; the number of tangent directions cannot be negative.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSeedTooShort(int primalLength, int directions, int seedLength, string seedName, string primalName) =>
        throw new ArgumentException(
            $"'{seedName}' has length {seedLength} but '{primalName}' has {primalLength} entries and there are {directions} directions: " +
            $"'{seedName}' is a {primalLength} × {directions} matrix (entry i of direction k at [i·{directions} + k]) and needs at least {(long)primalLength * directions} entries.",
            seedName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(int primalLength, int derivativeLength, string derivativeName, string primalName) =>
        throw new ArgumentException(
            $"'{derivativeName}' has length {derivativeLength} but '{primalName}' has length {primalLength}; a derivative span must be at least as long as its primal.",
            derivativeName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotWrittenLength(int outputLength, int writtenLength, string outputName, string boundText, string methodName)
    {
        // A constant bound (result[0] = …; result[1] = …;) is its own value: "its first 2 entries".
        string first = int.TryParse(boundText, out _) ? boundText : $"{boundText} = {writtenLength}";
        throw new ArgumentException(
            $"'{outputName}' has length {outputLength} but '{methodName}' writes its first {first} entries; its derivatives need '{outputName}' to be exactly that long (pass a slice of that length).",
            outputName);
    }

    /// <summary>
    /// Throws when a call reads and writes overlapping slices of one array (GradBench ht's
    /// <c>mat_mult(absolutes.Slice(16 * parents[i], 16), …, absolutes.Slice(16 * i, 16))</c> is right only because
    /// parents[i] &lt; i). The callee's derivatives take its input as it was before the call; where the output overlaps it
    /// the callee reads values it has itself just written, so those derivatives, and the value, would differ.
    /// </summary>
    public static void RequireDisjoint(string arrayName, int outputStart, int outputLength, int inputStart, int inputLength,
                                       string outputName, string inputName, string methodName)
    {
        if (outputLength > 0 && inputLength > 0 && inputStart < outputStart + outputLength && outputStart < inputStart + inputLength)
        {
            throw new ArgumentException(
                $"'{methodName}' reads '{arrayName}' at [{inputStart}, {inputStart + inputLength}) as '{inputName}' and writes it at [{outputStart}, {outputStart + outputLength}) as '{outputName}'; " +
                "the ranges overlap, and the derivatives of such a call are only defined for disjoint slices: pass slices that do not overlap, or copy the input first.",
                arrayName);
        }
    }
}
