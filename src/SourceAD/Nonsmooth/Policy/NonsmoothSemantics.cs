// Linked into the generator (netstandard2.0) as well as compiled here: the runtime, the generator and every backend
// read the nonsmooth policy from this one source (see README.md in this folder). Keep it free of runtime-only types.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Policy;
#else
namespace SourceAD;
#endif

/// <summary>Where the argument of a one-kink function (ReLU, leaky ReLU, |x|) lies.</summary>
public enum KinkCase
{
    /// <summary>x &gt; 0.</summary>
    Above,
    /// <summary>x &lt; 0.</summary>
    Below,
    /// <summary>x is ±0: the kink.</summary>
    AtKink,
    /// <summary>x is NaN.</summary>
    NaN,
}

/// <summary>What the derivative of a one-kink function is in one <see cref="KinkCase"/>.</summary>
public enum KinkDerivative
{
    /// <summary>The slope right of the kink (1 for ReLU, leaky ReLU and |x|).</summary>
    RightSlope,
    /// <summary>The slope left of the kink (0 for ReLU, the slope for leaky ReLU, −1 for |x|).</summary>
    LeftSlope,
    /// <summary>The policy's selection at the kink (ReluAtZero, AbsAtZero).</summary>
    Selection,
    /// <summary>NaN: a NaN input has a NaN derivative.</summary>
    NaN,
    /// <summary>Throw <c>NonsmoothPointException</c> (Strict).</summary>
    Throw,
}

/// <summary>How the two arguments of a binary max or min compare.</summary>
public enum BinaryCase
{
    /// <summary>The first argument is strictly larger (max) or smaller (min).</summary>
    FirstWins,
    /// <summary>The second argument is strictly larger (max) or smaller (min).</summary>
    SecondWins,
    /// <summary>The arguments are equal (−0 ties with +0).</summary>
    Tie,
    /// <summary>The first argument is NaN (the second may be too).</summary>
    FirstIsNaN,
    /// <summary>Only the second argument is NaN.</summary>
    SecondIsNaN,
}

/// <summary>What the partial of a binary max or min with respect to one argument is in one <see cref="BinaryCase"/>.</summary>
public enum BinaryPartial
{
    /// <summary>1: this argument is the result.</summary>
    One,
    /// <summary>0: the other argument is the result.</summary>
    Zero,
    /// <summary>The tie rule's share for this argument's position (<see cref="TieChoice.Share"/> of 2).</summary>
    TieShare,
    /// <summary>Throw <c>NonsmoothPointException</c> (Strict).</summary>
    Throw,
}

/// <summary>
/// The semantics of the nonsmooth derivatives at kinks, ties and NaN, defined once. Generated scalar code (the primitive
/// table's Max/Min/Clamp/Abs/Relu/LeakyRelu rows), <c>NonsmoothRules</c> and every tensor backend ask these functions
/// what to do in each case, and only decide how to test for the case.
/// </summary>
/// <remarks>
/// <para><b>NaN</b> is the most extreme value, as in the reductions (<c>Nonsmooth.ArgMax</c>, <c>torch.argmax</c>): in a
/// binary max or min the NaN argument gets the whole derivative (the first one if both are NaN). A one-kink function has
/// a NaN derivative at NaN. A NaN is neither a kink nor a tie, so Strict never throws at NaN.</para>
/// <para><b>Strict</b> throws at a kink (x = ±0) and at a tie (a == b) and nowhere else.</para>
/// </remarks>
public static class NonsmoothSemantics
{
    /// <summary>The cases of a one-kink function in the order code tests them; the last is what remains.</summary>
    public static KinkCase[] KinkCases => new[] { KinkCase.Above, KinkCase.Below, KinkCase.AtKink, KinkCase.NaN };

    /// <summary>The cases of a binary max or min in the order code tests them; the last is what remains.</summary>
    public static BinaryCase[] BinaryCases =>
        new[] { BinaryCase.FirstWins, BinaryCase.SecondWins, BinaryCase.Tie, BinaryCase.FirstIsNaN, BinaryCase.SecondIsNaN };

    /// <summary>The derivative of a one-kink function in <paramref name="at"/>.</summary>
    public static KinkDerivative Kink(KinkCase at, bool strict) => at switch
    {
        KinkCase.Above => KinkDerivative.RightSlope,
        KinkCase.Below => KinkDerivative.LeftSlope,
        KinkCase.NaN => KinkDerivative.NaN,
        _ => strict ? KinkDerivative.Throw : KinkDerivative.Selection,
    };

    /// <summary>The partial of a binary max or min with respect to the argument at <paramref name="position"/> (0 or 1) in <paramref name="at"/>.</summary>
    public static BinaryPartial Binary(BinaryCase at, int position, bool strict) => at switch
    {
        BinaryCase.Tie => strict ? BinaryPartial.Throw : BinaryPartial.TieShare,
        BinaryCase.FirstWins or BinaryCase.FirstIsNaN => position == 0 ? BinaryPartial.One : BinaryPartial.Zero,
        _ => position == 0 ? BinaryPartial.Zero : BinaryPartial.One,
    };

    /// <summary>
    /// The value of a <see cref="BinaryPartial"/> other than <see cref="BinaryPartial.Throw"/>, in double (backends and
    /// generated code round it once to their type).
    /// </summary>
    public static double Value(BinaryPartial partial, TieChoice ties, int position) => partial switch
    {
        BinaryPartial.One => 1.0,
        BinaryPartial.Zero => 0.0,
        BinaryPartial.TieShare => ties.Share(position, 2),
        _ => double.NaN,
    };

    /// <summary>The case of a one-kink function at <paramref name="x"/> (the kink at 0).</summary>
    public static KinkCase Classify(double x) =>
        x > 0 ? KinkCase.Above : x < 0 ? KinkCase.Below : x == 0 ? KinkCase.AtKink : KinkCase.NaN;

    /// <summary>The case of max(a, b) (<paramref name="isMax"/>) or min(a, b).</summary>
    public static BinaryCase Classify(double a, double b, bool isMax) =>
        (isMax ? a > b : a < b) ? BinaryCase.FirstWins
        : (isMax ? a < b : a > b) ? BinaryCase.SecondWins
        : a == b ? BinaryCase.Tie
        : double.IsNaN(a) ? BinaryCase.FirstIsNaN
        : BinaryCase.SecondIsNaN;
}
