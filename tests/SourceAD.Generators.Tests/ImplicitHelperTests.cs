using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers without [Differentiable] whose source is in the compilation are differentiated as if they were marked
/// (Lowering/ImplicitHelpers.cs): private helpers, chains, recursion, helpers of another partial type. Each program is
/// checked in both modes against central finite differences, the pullback against the pushforward (dot-product test)
/// and the generated value against the user's method bit for bit. A helper that cannot be differentiated gives one
/// SRCAD0041 at the call and no generated code for the caller; a [DerivativeOf] method for a helper still wins.
/// </summary>
public class ImplicitHelperTests
{
    private const string Usings = "using System;\nusing SourceAD;\n";

    private const string Programs = Usings + """
        public static partial class H
        {
            private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

            [Differentiable]
            public static double PrivateHelper(double x, double y) => Sigmoid(x * y) + x * Sigmoid(y);

            // A chain: Outer calls Inner, neither is [Differentiable]; Inner is reached only through Outer.
            static double Inner(double a, double b) => Math.Sin(a) * b;
            internal static double Outer(double a, double b)
            {
                double s = 0;
                for (int i = 1; i <= 3; i++) s += Inner(a * i, b) / i;
                return s;
            }

            [Differentiable]
            public static double Chain(double x, double y) => Outer(x, y) * y;

            // Recursion: a helper that calls itself, through a branch.
            static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

            [Differentiable]
            public static double Recursive(double x, double y) => Power(x, 3) + Power(y * x, 2);

            // Arrays in a helper, called in a loop over rows of data.
            static double Dot(double[] w, double[] v)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += w[i] * v[i];
                return s;
            }

            [Differentiable]
            public static double ArrayHelper(double[] w, double y)
            {
                double[] v = { 1.0, -2.0, 0.5 };
                return Dot(w, v) * y + Math.Log(1 + Dot(w, w));
            }

            [Differentiable]
            public static double OtherType(double x, double y) => Geometry.Hypot(x, y) * x;

            // Recursion through a [Differentiable] method and a helper: Bounce calls Damp, which calls Bounce.
            static double Damp(double x, double y, int n) => n == 0 ? Math.Sin(x) * y : 0.5 * Bounce(x * y, y, n - 1);

            [Differentiable]
            public static double Bounce(double x, double y, int n) => Damp(y, x, n) + x;

            [Differentiable]
            public static double MutualWithExplicit(double x, double y) => Bounce(x, y, 3);

            // Vector-output helpers (void, writing a T[]): one that overwrites its output, one that accumulates into it.
            static void Scale(double[] x, double s, double[] y)
            {
                for (int i = 0; i < x.Length; i++) y[i] = s * Math.Sin(x[i]);
            }

            static void Axpy(double a, double[] x, double[] y)
            {
                for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
            }

            [Differentiable]
            public static double VectorHelpers(double[] w, double y)
            {
                var t = new double[w.Length];
                Scale(w, y, t);
                Axpy(y, w, t);
                double s = 0;
                foreach (double v in t) s += v * v;
                return s;
            }
        }

        public static partial class Geometry
        {
            internal static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);
        }
        """;

    private static readonly Lazy<Type> T = new(() => GeneratorHarness.Load(Programs).GetType("H")!);

    private delegate double Pullback2(double x, double y, double seed, ref double dx, ref double dy);

    private delegate (double, double) Pushforward2(double x, double y, double dx, double dy);

    public static IEnumerable<object[]> ScalarPrograms() => new[] { "PrivateHelper", "Chain", "Recursive", "OtherType", "MutualWithExplicit" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(ScalarPrograms))]
    public void BothModesMatchFiniteDifferencesAndTheValue(string name)
    {
        Type t = T.Value;
        MethodInfo f = t.GetMethod(name)!;
        var pullback = t.GetMethod(name + "Pullback")!.CreateDelegate<Pullback2>();
        var pushforward = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward2>();
        double F(double a, double b) => (double)f.Invoke(null, new object[] { a, b })!;
        foreach (var (x, y) in new[] { (0.7, -1.3), (1.4, 0.6), (-0.9, 2.1) })
        {
            double dx = 0, dy = 0;
            double value = pullback(x, y, 1.0, ref dx, ref dy);
            Assert.Equal(F(x, y), value);
            FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => F(at, y), x), dx, $"{name} ∂/∂x at ({x}, {y})");
            FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => F(x, at), y), dy, $"{name} ∂/∂y at ({x}, {y})");

            // Forward mode along a direction, against the same finite differences and, exactly enough, the pullback.
            (double tx, double ty) = (0.3, -0.8);
            var (pfValue, tangent) = pushforward(x, y, tx, ty);
            Assert.Equal(F(x, y), pfValue);
            FiniteDifference.AssertAgrees(FiniteDifference.Derivative(s => F(x + s * tx, y + s * ty), 0), tangent, $"{name} tangent");
            Assert.True(Math.Abs(tangent - (dx * tx + dy * ty)) <= 1e-12 * (1 + Math.Abs(tangent)), $"{name}: <J t, 1> = {tangent}, <t, J^T 1> = {dx * tx + dy * ty}");
        }
    }

    private delegate double ArrayPullback(double[] w, double y, double seed, Span<double> dw, ref double dy);

    private delegate (double, double) ArrayPushforward(double[] w, double y, ReadOnlySpan<double> dw, double dy);

    [Theory]
    [InlineData("ArrayHelper")]
    [InlineData("VectorHelpers")]
    public void ArrayHelpersMatchFiniteDifferences(string name)
    {
        Type t = T.Value;
        MethodInfo f = t.GetMethod(name)!;
        var pullback = t.GetMethod(name + "Pullback")!.CreateDelegate<ArrayPullback>();
        var pushforward = t.GetMethod(name + "Pushforward")!.CreateDelegate<ArrayPushforward>();
        double F(double[] w, double y) => (double)f.Invoke(null, new object[] { w, y })!;
        double[] w0 = { 0.4, -0.3, 1.2 };
        var dw = new double[3];
        double dy = 0;
        Assert.Equal(F(w0, 0.8), pullback(w0, 0.8, 1.0, dw, ref dy));
        double[] tw = { 0.2, 0.7, -0.5 };
        var (value, tangent) = pushforward(w0, 0.8, tw, -0.4);
        Assert.Equal(F(w0, 0.8), value);
        double dot = dw[0] * tw[0] + dw[1] * tw[1] + dw[2] * tw[2] + dy * -0.4;
        Assert.True(Math.Abs(tangent - dot) <= 1e-12 * (1 + Math.Abs(dot)), $"{name}: <J t, 1> = {tangent}, <t, J^T 1> = {dot}");
        FiniteDifference.AssertGradient(at => F(at, 0.8), w0, dw, "w");
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => F(w0, at), 0.8), dy, "∂/∂y");
    }

    [Fact]
    public void HelpersGetTheirOwnDerivativeMembersAndOnlyWhereCalled()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Programs + """

            public static partial class Unused
            {
                // Never called from [Differentiable] code: nothing is generated for it.
                public static double Cube(double x) => x * x * x;
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        foreach (string helper in new[] { "H.Sigmoid(double)", "H.Outer(double,double)", "H.Power(double,int)", "H.Dot(double[],double[])",
                     "Geometry.Hypot(double,double)", "H.Scale(double[],double,double[])", "H.Axpy(double,double[],double[])" })
            Assert.Contains(hints, h => h.StartsWith(helper, StringComparison.Ordinal));
        // Inner is called only in Outer's loop, where it is inlined (issue 13, Lowering/MethodLowering.InlineHelpers.cs).
        Assert.DoesNotContain(hints, h => h.StartsWith("H.Inner(", StringComparison.Ordinal));
        Assert.DoesNotContain(hints, h => h.Contains("Cube", StringComparison.Ordinal));
        // A private helper's members are private.
        string sigmoid = result.Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith("H.Sigmoid(", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("private static double SigmoidPullback(", sigmoid);
    }

    [Fact]
    public void CallsOnConstantsStayPlainCalls()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Usings + """
            public static partial class K
            {
                static double Scale() => 2.5;
                static double Offset(int n) => n * 0.5;
                [Differentiable]
                public static double F(double x) => x * Scale() + Offset(3);
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "K.F(double).Derivatives.g.cs" }, result.Results.Single().GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void SecondOrderMembersReachThroughHelpers()
    {
        // The caller's Hessian needs the helper's dual members; they are generated with it.
        Type t = T.Value;
        MethodInfo hessian = t.GetMethod("PrivateHelperHessian")!;
        var h = (double[,])hessian.Invoke(null, new object[] { 0.7, -1.3 })!;
        var pullback = t.GetMethod("PrivateHelperPullback")!.CreateDelegate<Pullback2>();
        (double, double) Grad(double x, double y) { double dx = 0, dy = 0; pullback(x, y, 1.0, ref dx, ref dy); return (dx, dy); }
        const double step = 1e-5;
        var (gxp, gyp) = Grad(0.7 + step, -1.3);
        var (gxm, gym) = Grad(0.7 - step, -1.3);
        Assert.True(Math.Abs((gxp - gxm) / (2 * step) - h[0, 0]) <= 1e-6, $"H[0,0] = {h[0, 0]}, finite differences {(gxp - gxm) / (2 * step)}");
        Assert.True(Math.Abs((gyp - gym) / (2 * step) - h[1, 0]) <= 1e-6, $"H[1,0] = {h[1, 0]}, finite differences {(gyp - gym) / (2 * step)}");
    }

    private const string CustomWins = Usings + """
        public static partial class W
        {
            static double Soft(double x) => Math.Log(1 + Math.Exp(x));

            // Deliberately three times the true derivative: the test sees which one the caller uses.
            [DerivativeOf(typeof(W), nameof(Soft))]
            public static double SoftVjp(double x, double seed, ref double dx) { dx += 3 * seed / (1 + Math.Exp(-x)); return Soft(x); }

            [Differentiable]
            public static double F(double x) => Soft(x);
        }
        """;

    private delegate double Pullback1(double x, double seed, ref double dx);

    [Fact]
    public void ADerivativeOfMethodWinsOverTheImplicitDerivative()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(CustomWins);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("W.Soft(", StringComparison.Ordinal));
        Type t = GeneratorHarness.Load(CustomWins).GetType("W")!;
        double dx = 0;
        t.GetMethod("FPullback")!.CreateDelegate<Pullback1>()(0.4, 1.0, ref dx);
        Assert.Equal(3 / (1 + Math.Exp(-0.4)), dx, 12);
    }

    private static Task Analyze(string body, params DiagnosticResult[] expected) =>
        new Verify.Analyzer<DifferentiableAnalyzer>(Usings + body, expected).RunAsync();

    /// <summary>A helper of a non-partial type is inlined (NonPartialHelperTests) unless its body names what the caller cannot access.</summary>
    [Fact]
    public Task HelperInANonPartialTypeGetsOneDiagnosticAtTheCall() => Analyze("""
        public static class MathUtil
        {
            private static readonly double Weight = 1.0;
            public static double Blend(double a, double b, double t) => a + (b - a) * t * Weight;
        }

        public static partial class C
        {
            [Differentiable]
            public static double F(double x) => {|#0:MathUtil.Blend(x, 1, 0.5)|} * x;
        }
        """, new DiagnosticResult("SRCAD0041", DiagnosticSeverity.Error).WithLocation(0)
        .WithArguments("MathUtil.Blend", "'MathUtil' is not partial, so its derivatives cannot be generated beside it; make 'MathUtil' partial"));

    [Fact]
    public Task HelperWithUnsupportedCodeGetsOneDiagnosticAtTheCall() => Analyze("""
        public static partial class C
        {
            static double Risky(double x)
            {
                try { return Math.Log(x); }
                catch (ArithmeticException) { return 0; }
            }

            [Differentiable]
            public static double F(double x) => {|#0:Risky(x * x)|} + {|#1:Risky(x)|};
        }
        """,
        new DiagnosticResult("SRCAD0041", DiagnosticSeverity.Error).WithLocation(0).WithArguments("C.Risky", Expected.RiskyProblem),
        new DiagnosticResult("SRCAD0041", DiagnosticSeverity.Error).WithLocation(1).WithArguments("C.Risky", Expected.RiskyProblem));

    [Fact]
    public Task HelperCallingALibraryFunctionWithoutDerivativeIsReportedAtTheCall() => Analyze("""
        public static partial class C
        {
            static double Wrap(double x) => Math.IEEERemainder(x, 2.0) * x;

            [Differentiable]
            public static double F(double x) => {|#0:Wrap(x)|} + x;
        }
        """, new DiagnosticResult("SRCAD0002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Math.IEEERemainder' in the helper 'C.Wrap"));

    [Fact]
    public Task ADerivativeOfMethodSilencesAHelperThatCannotBeDifferentiated() => Analyze("""
        public static partial class C
        {
            static double Risky(double x)
            {
                try { return Math.Log(x); }
                catch (ArithmeticException) { return 0; }
            }

            [DerivativeOf(typeof(C), nameof(Risky))]
            public static double RiskyVjp(double x, double seed, ref double dx) { dx += seed / x; return Risky(x); }

            [Differentiable]
            public static double F(double x) => Risky(x * x);
        }
        """);

    [Theory]
    [InlineData("public static class MathUtil { private static readonly double W = 1; public static double Blend(double a, double b, double t) => a + (b - a) * t * W; }", "MathUtil.Blend(x, 1, 0.5)")]
    [InlineData("public static partial class MathUtil { public static double Blend(double a, double b, double t) { try { return a + (b - a) * t; } catch (ArithmeticException) { return 0; } } }", "MathUtil.Blend(x, 1, 0.5)")]
    [InlineData("public static partial class MathUtil { public static double Blend(double a, double b, double t) => Math.IEEERemainder(a, b) * t; }", "MathUtil.Blend(x, 1, 0.5)")]
    [InlineData("public partial class MathUtil { public virtual double Blend(double a, double b, double t) => a * t + b; }", "new MathUtil().Blend(x, 1, 0.5)")]
    public void RefusedHelpersLeaveNoGeneratedCodeAndNoCompilerErrors(string helper, string call)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Usings + helper + "\npublic static partial class C { [Differentiable] public static double F(double x) => " + call + " * x; }\n");
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    private static class Expected
    {
        public const string RiskyProblem = "Catching an exception inside the method is not supported in a [Differentiable] method: catch it in the caller, around the call of the [Differentiable] method (or of its Gradient); the derivative code cannot resume where an exception leaves the try block (SRCAD0001, line 7)";
    }
}
