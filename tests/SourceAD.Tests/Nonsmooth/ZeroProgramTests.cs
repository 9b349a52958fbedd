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
/// Table 3.3 variant (max built from ReLU, Figure 3.9, chained through <see cref="NonsmoothRules.ReluDerivative{T}(T, double, bool)"/>):
/// x = (1, 2, 3, 4) gives +1.5 at t = 0 and 0 elsewhere; x = (1.4, …) gives, at every t,
///   float32: +5.9604645E-08 = +2^-24;  double: +1.1102230246251565E-16 = +2^-53;  Half: −0.00048828125 = −2^-11.
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

    // ---------------------------------------------------------------- Table 3.3: max built from ReLU (Figure 3.9)

    // max0_k(a, b) = (a + b)/2 + relu_k((a − b)/2) + relu((b − a)/2); relu_1'(0) = 0 (torch.relu), relu_2'(0) = 1
    // (torch.where(x >= 0, x, 0)). max_k(x) = max0_k(max0_k(x0, x1), max0_k(x2, x3)).
    private static T Max0<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2);
        return (a + b) / two + Nonsmooth.Relu((a - b) / two) + Nonsmooth.Relu((b - a) / two);
    }

    // Reverse mode of max0_k with seed g, accumulating into da and db in the order autograd visits the three terms.
    private static void Max0Pullback<T>(T a, T b, T g, double firstReluAtZero, ref T da, ref T db) where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2);
        T gu = g * NonsmoothRules.ReluDerivative((a - b) / two, firstReluAtZero, strict: false);
        T gv = g * NonsmoothRules.ReluDerivative((b - a) / two, 0.0, strict: false);
        da += g / two;
        db += g / two;
        da += gu / two;
        db += -(gu / two);
        da += -(gv / two);
        db += gv / two;
    }

    private static void MaxPullbackViaRelu<T>(T[] z, T g, double firstReluAtZero, T[] dz) where T : IFloatingPointIeee754<T>
    {
        T m01 = Max0(z[0], z[1]), m23 = Max0(z[2], z[3]);
        T d01 = T.Zero, d23 = T.Zero;
        Max0Pullback(m01, m23, g, firstReluAtZero, ref d01, ref d23);
        Max0Pullback(z[0], z[1], d01, firstReluAtZero, ref dz[0], ref dz[1]);
        Max0Pullback(z[2], z[3], d23, firstReluAtZero, ref dz[2], ref dz[3]);
    }

    private static T Zero2Derivative<T>(T t, T[] x) where T : IFloatingPointIeee754<T>
    {
        T[] z = x.Select(xi => t * xi).ToArray();
        T[] dz = new T[4];
        MaxPullbackViaRelu(z, T.One, 0.0, dz);   // max_1: relu'(0) = 0 everywhere
        MaxPullbackViaRelu(z, -T.One, 1.0, dz);  // max_2: its first ReLU has derivative 1 at 0
        T dt = T.Zero;
        for (int i = 0; i < 4; i++) dt += dz[i] * x[i];
        return dt;
    }

    private void CheckRelu<T>(double ulpsAllowed) where T : IFloatingPointIeee754<T>
    {
        // x = (1, 2, 3, 4) at t = 0: max_1 spreads 1/4 to each entry, max_2 gives everything to the first, so
        // zero_2'(0) = (1+2+3+4)/4 − 1 = +1.5 (Table 3.3); elsewhere no ReLU is at 0 and the programs agree exactly.
        T[] x1 = OneToFour<T>();
        foreach (double t in Ts)
        {
            Assert.Equal(t == 0 ? 1.5 : 0.0, double.CreateChecked(Zero2Derivative(T.CreateChecked(t), x1)));
        }
        T[] x2 = Repeat<T>(1.4);
        T ulp = T.BitIncrement(x2[0]) - x2[0];
        T first = Zero2Derivative(T.CreateChecked(Ts[0]), x2);
        foreach (double t in Ts)
        {
            T d = Zero2Derivative(T.CreateChecked(t), x2);
            output.WriteLine($"ReLU max, {typeof(T).Name} t = {t}: zero_2'(t) = {double.CreateChecked(d):R} ({double.CreateChecked(d / ulp)} ulp of 1.4)");
            Assert.True(T.Abs(d) <= T.CreateChecked(ulpsAllowed) * ulp, $"zero_2'({t}) = {d} is more than {ulpsAllowed} ulps of 1.4");
            Assert.Equal(first, d);
        }
    }

    [Fact]
    public void ReluBuiltMaxFloat32() => CheckRelu<float>(4);

    [Fact]
    public void ReluBuiltMaxFloat64() => CheckRelu<double>(4);

    [Fact]
    public void ReluBuiltMaxFloat16() => CheckRelu<Half>(4);
}
