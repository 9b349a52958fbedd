using System.Numerics;

namespace SourceAD;

/// <summary>
/// The derivative of a one-kink function (ReLU, leaky ReLU, |x|) in each <see cref="KinkCase"/>, in <typeparamref name="T"/>,
/// as <see cref="NonsmoothSemantics.Kink"/> defines it. Tensor backends build it once per call and multiply the incoming
/// gradient by <see cref="At"/>; under Strict they throw where <see cref="ThrowsAtKink"/> says so.
/// </summary>
/// <param name="Above">The factor for x &gt; 0.</param>
/// <param name="Below">The factor for x &lt; 0.</param>
/// <param name="AtKink">The factor for x = ±0 (unused when <see cref="ThrowsAtKink"/>).</param>
/// <param name="AtNaN">The factor for NaN.</param>
/// <param name="ThrowsAtKink">True under Strict: reaching x = ±0 throws <see cref="NonsmoothPointException"/>.</param>
public readonly record struct KinkFactors<T>(T Above, T Below, T AtKink, T AtNaN, bool ThrowsAtKink)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The factors of a function with slope <paramref name="right"/> right of 0, <paramref name="left"/> left of it, and the policy's <paramref name="selection"/> at 0.</summary>
    public static KinkFactors<T> Of(T right, T left, T selection, bool strict)
    {
        T Factor(KinkCase at) => NonsmoothSemantics.Kink(at, strict) switch
        {
            KinkDerivative.RightSlope => right,
            KinkDerivative.LeftSlope => left,
            KinkDerivative.Selection => selection,
            _ => T.NaN,
        };
        return new(Factor(KinkCase.Above), Factor(KinkCase.Below), Factor(KinkCase.AtKink), Factor(KinkCase.NaN),
            NonsmoothSemantics.Kink(KinkCase.AtKink, strict) == KinkDerivative.Throw);
    }

    /// <summary>The factor at <paramref name="x"/>.</summary>
    public T At(T x) => x > T.Zero ? Above : x < T.Zero ? Below : x == T.Zero ? AtKink : AtNaN;
}

/// <summary>
/// The partials of binary max(a, b) in each <see cref="BinaryCase"/>, in <typeparamref name="T"/>, as
/// <see cref="NonsmoothSemantics.Binary"/> defines them (ties shared by <see cref="TieChoice.Share"/>, each share rounded
/// once from double). Tensor backends build it once per call; under Strict they throw where <see cref="ThrowsAtTie"/> says so.
/// </summary>
/// <param name="FirstA">∂/∂a when a wins or is NaN.</param>
/// <param name="FirstB">∂/∂b when a wins or is NaN.</param>
/// <param name="SecondA">∂/∂a when b wins or only b is NaN.</param>
/// <param name="SecondB">∂/∂b when b wins or only b is NaN.</param>
/// <param name="TieA">∂/∂a at a tie.</param>
/// <param name="TieB">∂/∂b at a tie.</param>
/// <param name="ThrowsAtTie">True under Strict: a tie throws <see cref="NonsmoothPointException"/>.</param>
public readonly record struct BinaryFactors<T>(T FirstA, T FirstB, T SecondA, T SecondB, T TieA, T TieB, bool ThrowsAtTie)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The partials of max under <paramref name="ties"/>.</summary>
    public static BinaryFactors<T> Of(TieChoice ties, bool strict)
    {
        T Factor(BinaryCase at, int position)
        {
            BinaryPartial partial = NonsmoothSemantics.Binary(at, position, strict);
            return partial == BinaryPartial.Throw ? T.NaN : T.CreateTruncating(NonsmoothSemantics.Value(partial, ties, position));
        }
        // A NaN argument wins exactly as a strictly larger one does; the constructor below checks that the semantics agree.
        var factors = new BinaryFactors<T>(Factor(BinaryCase.FirstWins, 0), Factor(BinaryCase.FirstWins, 1),
            Factor(BinaryCase.SecondWins, 0), Factor(BinaryCase.SecondWins, 1), Factor(BinaryCase.Tie, 0), Factor(BinaryCase.Tie, 1),
            NonsmoothSemantics.Binary(BinaryCase.Tie, 0, strict) == BinaryPartial.Throw);
        System.Diagnostics.Debug.Assert(factors.FirstA == Factor(BinaryCase.FirstIsNaN, 0) && factors.SecondB == Factor(BinaryCase.SecondIsNaN, 1));
        return factors;
    }

    /// <summary>∂max/∂a at (<paramref name="a"/>, <paramref name="b"/>).</summary>
    public T A(T a, T b) => a > b ? FirstA : a < b ? SecondA : a == b ? TieA : T.IsNaN(a) ? FirstA : SecondA;

    /// <summary>∂max/∂b at (<paramref name="a"/>, <paramref name="b"/>).</summary>
    public T B(T a, T b) => a > b ? FirstB : a < b ? SecondB : a == b ? TieB : T.IsNaN(a) ? FirstB : SecondB;
}
