using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>{Method}PushforwardVector</c>: p tangent directions in one sweep. The strongest oracle is the scalar pushforward:
/// each direction's tangents must equal <c>{Method}Pushforward</c> seeded with that direction, bit for bit (the vector
/// sweep sums the same terms in the same order, with the partials computed once). Also checked: the value oracle (the
/// user's method's value, bit for bit), central finite differences of the user's method, the dot-product test against
/// the pullback, p = 1 and p = 0, the shape checks, the Jacobian built on it, and a method that falls back to one
/// scalar pushforward per direction.
/// </summary>
public class VectorPushforwardTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using SourceAD;

        public static partial class V
        {
            /// <summary>Straight-line scalar code: shared partials, a known output (exp), division.</summary>
            [Differentiable]
            public static double Straight(double x, double y)
            {
                double e = Math.Exp(x * y);
                double s = Math.Sin(x) / (1 + y * y);
                x = x * s + e;
                return Math.Log(1 + x * x) - s * e + Math.Sqrt(1 + y * y);
            }

            /// <summary>Loops with branches, a while loop, a local array, a guarded ?: term.</summary>
            [Differentiable]
            public static double Loops(double[] x, double a)
            {
                double[] t = new double[x.Length];
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    if (x[i] > 0) t[i] = a * x[i] * x[i];
                    else t[i] = Math.Tanh(a - x[i]);
                    s += i > 0 ? t[i] * t[i - 1] : t[i];
                }
                int n = 0;
                while (s < 10 && n < 5) { s = s * 1.5 + a; n++; }
                return s + Math.Max(t[0], a);
            }

            [Differentiable]
            public static void Scale(ReadOnlySpan<double> x, double c, Span<double> y)
            {
                for (int i = 0; i < x.Length; i++) y[i] = c * x[i] + Math.Cos(x[i]);
            }

            /// <summary>Arrays in and out, a void callee and a scalar callee, an in-place update of its output.</summary>
            [Differentiable]
            public static void Map(double[] x, double a, Span<double> y)
            {
                double[] tmp = new double[x.Length];
                Scale(x, a, tmp);
                // Outside loops: a call in a loop would be inlined.
                double b = Bump(tmp[0], a);
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = b * tmp[i] + x[(i + 1) % x.Length];
                    y[i] *= 0.5 + tmp[i];
                }
            }

            /// <summary>A scalar callee: Map's vector sweep calls its vector member.</summary>
            [Differentiable]
            public static double Bump(double u, double a)
            {
                double r = u;
                for (int i = 0; i < 3; i++) r = r * a + Math.Sin(r);
                return r;
            }

            /// <summary>A wide Jacobian (5 columns, 1 row): built by pullbacks, not by the vector sweep.</summary>
            [Differentiable]
            public static void Wide(double[] x, Span<double> y)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * x[i] * (i + 1);
                y[0] = Math.Sqrt(s);
            }

            [Differentiable]
            public static T Generic<T>(T x, T y) where T : IFloatingPointIeee754<T>
            {
                T z = x * y + T.Sin(x);
                return z * z / (T.One + y * y);
            }

            /// <summary>An active rectangular local: vector mode falls back to scalar pushforwards.</summary>
            [Differentiable]
            public static double Fallback(double[] x, double a)
            {
                double[,] m = new double[2, 2];
                m[0, 0] = a * x[0];
                m[1, 1] = x[1] * x[1];
                m[0, 1] = m[0, 0] * m[1, 1];
                return m[0, 1] + m[1, 1] * a;
            }
        }
        """;

    private delegate (double, double) Straight2(double x, double y, double dx, double dy);
    private delegate double StraightVector(double x, double y, int p, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy, Span<double> tangents);
    private delegate (double, double) ArrayScalar(double[] x, double a, ReadOnlySpan<double> dx, double da);
    private delegate double ArrayScalarVector(double[] x, double a, int p, ReadOnlySpan<double> dx, ReadOnlySpan<double> da, Span<double> tangents);
    private delegate void MapScalar(double[] x, double a, Span<double> y, ReadOnlySpan<double> dx, double da, Span<double> dy);
    private delegate void MapVector(double[] x, double a, Span<double> y, int p, ReadOnlySpan<double> dx, ReadOnlySpan<double> da, Span<double> dy);
    private delegate void MapPullback(double[] x, double a, Span<double> y, ReadOnlySpan<double> seedY, Span<double> dx, ref double da);
    private delegate (float, float) GenericScalar(float x, float y, float dx, float dy);
    private delegate float GenericVector(float x, float y, int p, ReadOnlySpan<float> dx, ReadOnlySpan<float> dy, Span<float> tangents);

    private static readonly Lazy<Type> Program = new(() => GeneratorHarness.Load(Source).GetType("V")!);

    private static T Member<T>(string name) where T : Delegate => Program.Value.GetMethod(name)!.CreateDelegate<T>();

    /// <summary>The generated member <paramref name="name"/>'s text, up to the next member.</summary>
    private static string GeneratedMember(string hint, string name)
    {
        string generated = GeneratorHarness.GeneratedSource(Source, hint).Replace("\r", "");
        string member = generated.Substring(generated.IndexOf(" " + name + "(", StringComparison.Ordinal));
        int end = member.IndexOf("/// <summary>", StringComparison.Ordinal);
        return end < 0 ? member : member.Substring(0, end);
    }

    private static readonly double[] X = { 0.7, -0.4, 1.3, 0.2 };
    private const double A = 0.6;

    /// <summary>Deterministic seeds: direction k of an n-entry input, laid out n × p.</summary>
    private static double[] Seeds(int n, int p, int salt)
    {
        var s = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++)
                s[i * p + k] = Math.Sin(1.7 * (i + 1) + 2.3 * (k + 1) + salt);
        return s;
    }

    private static double[] Column(double[] seeds, int n, int p, int k) => Enumerable.Range(0, n).Select(i => seeds[i * p + k]).ToArray();

    private static void AssertBits(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{what}: scalar {expected:R}, vector {actual:R}");

    // p = 9 and 6 run the Vector<T> lanes (4 or 8 directions at a time) and a remainder; p = 3 and 1 the remainder only.
    [Theory]
    [InlineData(9)]
    [InlineData(3)]
    [InlineData(1)]
    public void StraightLineDirectionsEqualTheScalarPushforwardBitForBit(int p)
    {
        var scalar = Member<Straight2>("StraightPushforward");
        var vector = Member<StraightVector>("StraightPushforwardVector");
        double[] dx = Seeds(1, p, 1), dy = Seeds(1, p, 2), tangents = new double[p];
        double value = vector(0.3, -1.1, p, dx, dy, tangents);
        AssertBits(Member<Func<double, double, double>>("Straight")(0.3, -1.1), value, "value");
        for (int k = 0; k < p; k++)
        {
            var (v, t) = scalar(0.3, -1.1, dx[k], dy[k]);
            AssertBits(v, value, "value");
            AssertBits(t, tangents[k], $"direction {k}");
            // And the derivative itself: central differences of the user's method along (dx, dy).
            var f = Member<Func<double, double, double>>("Straight");
            const double h = 1e-6;
            double fd = (f(0.3 + h * dx[k], -1.1 + h * dy[k]) - f(0.3 - h * dx[k], -1.1 - h * dy[k])) / (2 * h);
            FiniteDifference.AssertAgrees(fd, tangents[k], $"direction {k}");
        }
    }

    [Fact]
    public void TheStraightLineSweepRunsOnceWithItsPartialsHoisted()
    {
        string member = GeneratedMember("V.Straight(double,double).Derivatives.g.cs", "StraightPushforwardVector");
        Assert.DoesNotContain("StraightPushforward(", member);
        Assert.Contains("for (; k < directions; k++)", member);
        // exp(x·y)'s partials are computed before the direction loop, not in it.
        Assert.Contains("var partial_2 = e * y;", member);
        Assert.Contains("for (; k < directions; k++) de[k] = partial_2 * dxDirections_0[k] + partial_3 * dyDirections_1[k];", member);
        // The same sum over Vector<double> lanes, the partials broadcast once.
        Assert.Contains("var lanes_4 = new global::System.Numerics.Vector<double>(partial_2);", member);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(4)]
    [InlineData(1)]
    public void LoopsWithBranchesEqualTheScalarPushforwardBitForBit(int p) => AssertArrayMethodDirections("Loops", p, 3);

    /// <summary>
    /// <paramref name="method"/>(double[] x, double a)'s vector member along p seeded directions: the value is the
    /// user's method's, and each direction's tangent the scalar pushforward's along it, bit for bit. Returns the value.
    /// </summary>
    private static double AssertArrayMethodDirections(string method, int p, int salt)
    {
        var scalar = Member<ArrayScalar>(method + "Pushforward");
        var vector = Member<ArrayScalarVector>(method + "PushforwardVector");
        double[] dx = Seeds(X.Length, p, salt), da = Seeds(1, p, salt + 1), tangents = new double[p];
        double value = vector(X, A, p, dx, da, tangents);
        AssertBits(Member<Func<double[], double, double>>(method)(X, A), value, "value");
        for (int k = 0; k < p; k++)
        {
            var (v, t) = scalar(X, A, Column(dx, X.Length, p, k), da[k]);
            AssertBits(v, value, "value");
            AssertBits(t, tangents[k], $"direction {k}");
        }
        return value;
    }

    [Fact]
    public void ArraysInAndOutAndCallsEqualTheScalarPushforwardAndPassTheDotProductTest()
    {
        const int p = 6;
        var scalar = Member<MapScalar>("MapPushforward");
        var vector = Member<MapVector>("MapPushforwardVector");
        var pullback = Member<MapPullback>("MapPullback");
        int n = X.Length, m = 3;
        double[] dx = Seeds(n, p, 5), da = Seeds(1, p, 6), y = new double[m], dy = new double[m * p];
        vector(X, A, y, p, dx, da, dy);
        double[] primal = new double[m];
        Program.Value.GetMethod("Map")!.CreateDelegate<MapPrimal>()(X, A, primal);
        for (int i = 0; i < m; i++) AssertBits(primal[i], y[i], $"y[{i}]");
        double[] w = { 0.3, -0.8, 1.1 };
        double[] gx = new double[n];
        double ga = 0;
        pullback(X, A, new double[m], w, gx, ref ga);
        for (int k = 0; k < p; k++)
        {
            double[] ys = new double[m], dys = new double[m];
            double[] column = Column(dx, n, p, k);
            scalar(X, A, ys, column, da[k], dys);
            for (int i = 0; i < m; i++) AssertBits(dys[i], dy[i * p + k], $"dy[{i}] of direction {k}");
            // ⟨w, J·s_k⟩ = ⟨Jᵀw, s_k⟩.
            double left = Enumerable.Range(0, m).Sum(i => w[i] * dy[i * p + k]);
            double right = gx.Zip(column, (g, s) => g * s).Sum() + ga * da[k];
            Assert.Equal(left, right, 10);
        }
        string member = GeneratedMember("V.Map(double[],double,System.Span[double]).Derivatives.g.cs", "MapPushforwardVector");
        Assert.Contains("ScalePushforwardVector(", member);
        Assert.Contains("BumpPushforwardVector(", member);
    }

    private delegate void MapPrimal(double[] x, double a, Span<double> y);
    private delegate double[,] MapJacobian(double[] x, double a, Span<double> y);
    private delegate double[,] WideJacobian(double[] x, Span<double> y);

    [Fact]
    public void NoDirectionsGiveTheValueAndTouchNoTangent()
    {
        var vector = Member<ArrayScalarVector>("LoopsPushforwardVector");
        double value = vector(X, A, 0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty);
        AssertBits(Member<Func<double[], double, double>>("Loops")(X, A), value, "value");
        var map = Member<MapVector>("MapPushforwardVector");
        double[] y = new double[3], primal = new double[3];
        map(X, A, y, 0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty);
        Program.Value.GetMethod("Map")!.CreateDelegate<MapPrimal>()(X, A, primal);
        Assert.Equal(primal, y);
    }

    [Fact]
    public void GenericFloatDirectionsEqualTheScalarPushforwardBitForBit()
    {
        const int p = 3;
        var scalar = Program.Value.GetMethod("GenericPushforward")!.MakeGenericMethod(typeof(float)).CreateDelegate<GenericScalar>();
        var vector = Program.Value.GetMethod("GenericPushforwardVector")!.MakeGenericMethod(typeof(float)).CreateDelegate<GenericVector>();
        float[] dx = { 1f, 0f, -0.5f }, dy = { 0f, 1f, 2.5f }, tangents = new float[p];
        float value = vector(0.8f, -0.3f, p, dx, dy, tangents);
        for (int k = 0; k < p; k++)
        {
            var (v, t) = scalar(0.8f, -0.3f, dx[k], dy[k]);
            Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(value));
            Assert.Equal(BitConverter.SingleToInt32Bits(t), BitConverter.SingleToInt32Bits(tangents[k]));
        }
    }

    [Fact]
    public void ShortSeedsThrowNamingTheShapes()
    {
        var vector = Member<MapVector>("MapPushforwardVector");
        var e = Assert.Throws<ArgumentException>(() => vector(X, A, new double[3], 2, new double[X.Length * 2 - 1], new double[2], new double[6]));
        Assert.Contains("'dx' has length 7 but 'x' has 4 entries and there are 2 directions", e.Message);
        Assert.Contains("4 × 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => vector(X, A, new double[3], 2, new double[8], new double[2], new double[5]));
        Assert.Contains("'dy' has length 5 but 'y' has 3 entries", e.Message);
        var scalar = Member<ArrayScalarVector>("LoopsPushforwardVector");
        e = Assert.Throws<ArgumentException>(() => scalar(X, A, 2, new double[8], new double[2], new double[1]));
        Assert.Contains("'tangents' has length 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => scalar(X, A, -1, new double[8], new double[2], new double[2]));
    }

    [Fact]
    public void JacobiansFromTheVectorSweepAndFromPullbacksMatchFiniteDifferences()
    {
        // Map: 5 columns, 3 rows: one vector sweep. Its rows are the vector pushforward's output tangents under the
        // identity seed.
        double[] y = new double[3];
        var j = Member<MapJacobian>("MapJacobian")(X, A, y);
        Assert.Contains("MapPushforwardVector(x, a, y, columns,", GeneratedMember("V.Map(double[],double,System.Span[double]).Derivatives.g.cs", "MapJacobian"));
        Assert.DoesNotContain("MapPushforwardVector(", GeneratedMember("V.Wide(double[],System.Span[double]).Derivatives.g.cs", "WideJacobian"));
        var primal = Program.Value.GetMethod("Map")!.CreateDelegate<MapPrimal>();
        double[] Y(double[] x, double a) { var r = new double[3]; primal(x, a, r); return r; }
        const double h = 1e-6;
        for (int c = 0; c < 5; c++)
        {
            double[] xp = (double[])X.Clone(), xm = (double[])X.Clone();
            double ap = A, am = A;
            if (c < 4) { xp[c] += h; xm[c] -= h; } else { ap += h; am -= h; }
            double[] yp = Y(xp, ap), ym = Y(xm, am);
            for (int r = 0; r < 3; r++) FiniteDifference.AssertAgrees((yp[r] - ym[r]) / (2 * h), j[r, c], $"J[{r}, {c}]");
        }
        // Wide: 5 columns, 1 row: pullbacks.
        double[] x5 = { 0.5, -1, 2, 0.25, 1.5 }, y1 = new double[1];
        var jw = Member<WideJacobian>("WideJacobian")(x5, y1);
        double norm = Math.Sqrt(x5.Select((v, i) => v * v * (i + 1)).Sum());
        for (int c = 0; c < 5; c++) Assert.Equal(x5[c] * (c + 1) / norm, jw[0, c], 12);
    }

    [Fact]
    public void AnUnsupportedConstructFallsBackToScalarPushforwardsWithTheSameApi()
    {
        string generated = GeneratorHarness.GeneratedSource(Source, "V.Fallback(double[],double).Derivatives.g.cs");
        Assert.Contains("Vector mode is not generated for this method (the rectangular or jagged array 'm' is active)", generated);
        double value = AssertArrayMethodDirections("Fallback", 3, 7);
        var vector = Member<ArrayScalarVector>("FallbackPushforwardVector");
        Assert.Equal(value, vector(X, A, 0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty));
    }
}
