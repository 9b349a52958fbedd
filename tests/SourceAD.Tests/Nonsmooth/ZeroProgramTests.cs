using System.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Tests.NonsmoothTests;

/// <summary>
/// The thesis's zero program (§3.1.1, Table 3.1) at the runtime level: zero(t) = max_native(t·x) − max_minimal(t·x)
/// over 4 entries. It is identically 0, but its AD derivative is not.
/// </summary>
/// <remarks>
/// Values measured with this runtime (x = (1.4, 1.4, 1.4, 1.4), the same at every t in the table, t = 0 included,
/// because t·x always ties in all four entries):
///   float32: −5.9604645E-08 = −2^-24 (half an ulp of 1.4f; the thesis reports ≈ 5.96e-8 from PyTorch);
///   double:  −1.1102230246251565E-16 = −2^-53 (half an ulp of 1.4);
///   Half:    +0.00048828125 = +2^-11 (half an ulp of (Half)1.4 = 1.400390625).
/// How: dz = (1 − 1/4, −1/4, −1/4, −1/4) is exact, then zero'(t) = ((0 + 0.75·x) − 0.25·x − 0.25·x) − 0.25·x, each
/// operation rounded in T. 0.25·x is exact, but at float32 0.75·1.4f = 1.05 is rounded down by 2^-25 and the first
/// subtraction (≈ 0.7, a tie) rounds down by another 2^-25; the last two subtractions are exact. The errors do not
/// cancel: a compensation error of −2^-24.
/// </remarks>
public class ZeroProgramTests(ITestOutputHelper output)
{
    private static readonly double[] Ts = [-1e-3, -1e-2, -1e-1, 0, 10, 100, 1000];

    /// <summary>
    /// Reverse mode by hand, as generated code chains it: seed 1 into the native max, seed −1 into the minimal max (both
    /// accumulate into the same adjoint of z = t·x), then the chain rule of z = t·x: zero'(t) = Σ dz_i·x_i, summed in
    /// index order starting from 0, in T.
    /// </summary>
    private static T ZeroDerivative<T>(T t, T[] x) where T : IFloatingPointIeee754<T>
    {
        T[] z = x.Select(xi => t * xi).ToArray();
        Assert.Equal(T.Zero, Nonsmooth.Max<T>(z) - Nonsmooth.Max<T>(z)); // the primal is zero
        T[] dz = new T[z.Length];
        NonsmoothRules.MaxPullback<T>(z, T.One, dz, TieChoice.Native, strict: false);
        NonsmoothRules.MaxPullback<T>(z, -T.One, dz, TieChoice.Minimal, strict: false);
        T dt = T.Zero;
        for (int i = 0; i < x.Length; i++) dt += dz[i] * x[i];
        return dt;
    }

    private static T[] Repeat<T>(double v) where T : IFloatingPointIeee754<T> => Enumerable.Repeat(T.CreateChecked(v), 4).ToArray();

    private static T[] OneToFour<T>() where T : IFloatingPointIeee754<T> => [T.One, T.CreateChecked(2), T.CreateChecked(3), T.CreateChecked(4)];

    // An independent model of the documented rounding order (NonsmoothRules remarks): the four equal entries tie, so
    // dz = (1 − 1/4, −1/4, −1/4, −1/4), each exact; the sum is formed in index order in T.
    private static T Predicted<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T quarter = T.One / T.CreateChecked(4);
        T dt = T.Zero;
        dt += (T.One - quarter) * x;
        for (int i = 1; i < 4; i++) dt += -quarter * x;
        return dt;
    }

    private void Check<T>(double ulpsAllowed) where T : IFloatingPointIeee754<T>
    {
        // x = (1, 2, 3, 4): a bifurcation. Only t = 0 ties (all four entries are 0): native gives (1,0,0,0), minimal
        // (1/4,…), so zero'(0) = 1 − (1+2+3+4)/4 = −1.5 exactly. Elsewhere the max is unique and both rules agree.
        T[] x1 = OneToFour<T>();
        foreach (double t in Ts)
        {
            double d = double.CreateChecked(ZeroDerivative(T.CreateChecked(t), x1));
            Assert.Equal(t == 0 ? -1.5 : 0.0, d);
        }

        // x = (1.4, 1.4, 1.4, 1.4): every t ties, and zero'(t) is a compensation error near machine precision.
        T[] x2 = Repeat<T>(1.4);
        T ulp = T.BitIncrement(x2[0]) - x2[0];
        T first = ZeroDerivative(T.CreateChecked(Ts[0]), x2);
        foreach (double t in Ts)
        {
            T d = ZeroDerivative(T.CreateChecked(t), x2);
            output.WriteLine($"{typeof(T).Name} t = {t}: zero'(t) = {double.CreateChecked(d):R} ({double.CreateChecked(d / ulp)} ulp of 1.4)");
            Assert.True(T.Abs(d) <= T.CreateChecked(ulpsAllowed) * ulp, $"zero'({t}) = {d} is more than {ulpsAllowed} ulps of 1.4");
            Assert.Equal(first, d); // same active set at every t, so the same value
            Assert.Equal(Predicted(x2[0]), d);
        }
    }

    [Fact]
    public void Float32() => Check<float>(4);

    [Fact]
    public void Float64() => Check<double>(4);

    [Fact]
    public void Float16() => Check<Half>(4);

    [Fact]
    public void Float32CompensationErrorIsNonzero()
    {
        // Table 3.1's point: over the reals zero' ≡ 0 at x = (1.4, …), but float32 AD does not cancel.
        float d = ZeroDerivative(1.0f, Repeat<float>(1.4));
        Assert.NotEqual(0.0f, d);
    }
}
