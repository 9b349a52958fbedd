using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Regression tests for the defects of issue 12 (0–7): wrong pullbacks under nested control flow, casts to integers,
/// user constants folded by name, colliding hint names, generated names that collide with the user's, refused
/// helpers cascading into uncompilable callers, passive calls in conditions, and <c>throw</c> text without usings.
/// Each compiles a small program with the generator and checks values and derivatives against closed forms.
/// </summary>
public class DefectRegressionTests
{
    private const string Usings = "using System;\nusing SourceAD;\n";

    private static Type Compile(string source, string type = "P")
    {
        Assembly assembly = GeneratorHarness.Load(Usings + source);
        return assembly.GetType(type) ?? throw new InvalidOperationException("No type " + type);
    }

    private static object? Call(Type t, string method, params object[] args) => t.GetMethod(method)!.Invoke(null, args);

    /// <summary>The fields of a value tuple returned through reflection.</summary>
    private static object?[] Items(object? tuple) => tuple is ITuple t ? Enumerable.Range(0, t.Length).Select(i => t[i]).ToArray() : throw new InvalidOperationException();

    // ------------------------------------------------------------------ defect 0: nested branches in loops

    [Theory]
    // The program: a branch inside a branch inside a loop.
    [InlineData("for (int i = 0; i < x.Length; i++) if (i != 1) { if (x[i] > 0) s += x[i] * x[i]; else s -= x[i]; }")]
    // continue puts the rest of the body under a guard: the same nesting.
    [InlineData("for (int i = 0; i < x.Length; i++) { if (i == 1) continue; if (x[i] > 0) s += x[i] * x[i]; else s -= x[i]; }")]
    // early return inside the loop (never taken here) guards the rest of each iteration and of the method.
    [InlineData("for (int i = 0; i < x.Length; i++) { if (x[i] > 50) return s; if (i != 1) { if (x[i] > 0) s += x[i] * x[i]; else s -= x[i]; } }")]
    // a while loop with break at depth two and a loop inside a branch.
    [InlineData("int k = 0; while (k < x.Length) { if (k != 1) { if (x[k] > 0) { s += x[k] * x[k]; if (s > 1e9) break; } else s -= x[k]; } k++; }")]
    [InlineData("for (int i = 0; i < x.Length; i++) { if (i != 1) { for (int r = 0; r < 1; r++) { if (x[i] > 0) s += x[i] * x[i]; else s -= x[i]; } } }")]
    public void NestedBranchesInsideLoopsGiveTheRightGradient(string loop)
    {
        Type t = Compile($"public static partial class P {{ [Differentiable] public static double F(double[] x) {{ double s = 0; {loop} return s; }} }}");
        double[] x = { 1, 2, -3 };
        object?[] gradient = Items(Call(t, "FGradient", x));
        Assert.Equal(1.0 + 3.0, (double)gradient[0]!);
        Assert.Equal(new[] { 2.0, 0.0, -1.0 }, (double[])gradient[1]!);
        // Forward mode agrees entry by entry.
        for (int i = 0; i < 3; i++)
        {
            var tangent = new double[3];
            tangent[i] = 1;
            var pushforward = t.GetMethod("FPushforward")!.CreateDelegate<Func<double[], ReadOnlySpan<double>, (double, double)>>();
            Assert.Equal(((double[])gradient[1]!)[i], pushforward(x, tangent).Item2);
        }
    }

    // ------------------------------------------------------------------ defect 1: casts to integers

    [Fact]
    public void CastsToIntegersHaveZeroDerivative()
    {
        Type t = Compile("""
            public static partial class P
            {
                [Differentiable] public static double F(double x) { double y = (int)(x * x); return y + x; }
                [Differentiable] public static double Price(double p) => (long)(p * 100) / 100.0 * p;
            }
            """);
        object?[] f = Items(Call(t, "FGradient", 1.7));
        Assert.Equal(2.0 + 1.7, (double)f[0]!);
        Assert.Equal(1.0, (double)f[1]!);
        object?[] price = Items(Call(t, "PriceGradient", 3.14159));
        Assert.Equal(3.14 * 3.14159, (double)price[0]!);
        Assert.Equal(3.14, (double)price[1]!);
    }

    [Fact]
    public Task CastToIntegerWarnsLikeFloor() => new Verify.Analyzer<DifferentiableAnalyzer>(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => {|#0:(int)(x * x)|} + x;
        }
        """, new DiagnosticResult("SRCAD0101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("(int) conversion")).RunAsync();

    // ------------------------------------------------------------------ defect 2: user constants

    [Fact]
    public void UserConstantsAreReadAsWhatTheyAre()
    {
        Type t = Compile("""
            public static partial class P
            {
                public static double One => 1.5;
                public static readonly double Pi = 3.0;
                public static double E { get; } = 2.0;
                public const double Tau = 7.0;
                [Differentiable] public static double F(double x) => One * x + Pi * x * x + E + Tau * x;
                [Differentiable] public static T G<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => T.One * x + T.Pi;
            }
            """);
        double x = 1.25;
        object?[] f = Items(Call(t, "FGradient", x));
        Assert.Equal(1.5 * x + 3.0 * x * x + 2.0 + 7.0 * x, (double)f[0]!);
        Assert.Equal(1.5 + 6.0 * x + 7.0, (double)f[1]!);
        object?[] g = Items(t.GetMethod("GGradient")!.MakeGenericMethod(typeof(double)).Invoke(null, new object[] { x }));
        Assert.Equal(x + Math.PI, (double)g[0]!);
        Assert.Equal(1.0, (double)g[1]!);
    }

    // ------------------------------------------------------------------ defect 3: hint names

    [Fact]
    public void SameTypeNameInTwoNamespacesAndOverloadsOfEqualArity()
    {
        Assembly assembly = GeneratorHarness.Load(
            Usings + "namespace A { public static partial class Functions { [Differentiable] public static double F(double x) => x * x; } }",
            Usings + "namespace B { public static partial class Functions { [Differentiable] public static double F(double x) => 3 * x; } }",
            Usings + """
                public static partial class S
                {
                    [Differentiable] public static double Scale(double x, double y) => x * y;
                    [Differentiable] public static float Scale(float x, float y) => x + y;
                }
                """);
        Assert.Equal(4.0, Items(assembly.GetType("A.Functions")!.GetMethod("FGradient")!.Invoke(null, new object[] { 2.0 }))[1]);
        Assert.Equal(3.0, Items(assembly.GetType("B.Functions")!.GetMethod("FGradient")!.Invoke(null, new object[] { 2.0 }))[1]);
        Type s = assembly.GetType("S")!;
        Assert.Equal(5.0, Items(s.GetMethod("ScaleGradient", new[] { typeof(double), typeof(double) })!.Invoke(null, new object[] { 2.0, 5.0 }))[1]);
        Assert.Equal(1f, Items(s.GetMethod("ScaleGradient", new[] { typeof(float), typeof(float) })!.Invoke(null, new object[] { 2f, 5f }))[1]);
    }

    // ------------------------------------------------------------------ defect 4: generated names

    [Fact]
    public void GeneratedNamesNeverCollideWithTheUsers()
    {
        Type t = Compile("""
            public static partial class P
            {
                public static double seed = 2, value = 3, dvalue = 5, t_0 = 7;
                // An ODE right-hand side names a state and its derivative s and ds.
                [Differentiable] public static double Step(double s, double ds, double h) => s + h * ds * seed;
                [Differentiable] public static double Names(double value, double seed_, double dseed) { double dvalue_ = value * seed_; return dvalue_ * dseed + t_0; }
                [Differentiable]
                public static void Jacobian(ReadOnlySpan<double> columns, double jacobian, double row, double column, double j, double seedRow, Span<double> y)
                {
                    for (int k = 0; k < y.Length; k++) y[k] = columns[k] * jacobian + row * column + j * seedRow + value * dvalue;
                }
            }
            """);
        object?[] step = Items(Call(t, "StepGradient", 1.0, 0.5, 0.1));
        Assert.Equal(1.0 + 0.1 * 0.5 * 2, (double)step[0]!);
        Assert.Equal(new object?[] { 1.0 + 0.1 * 0.5 * 2, 1.0, 0.1 * 2, 0.5 * 2 }, step);
        object?[] names = Items(Call(t, "NamesGradient", 2.0, 3.0, 4.0));
        Assert.Equal(new object?[] { 2.0 * 3 * 4 + 7, 12.0, 8.0, 6.0 }, names);
        var jacobianOf = t.GetMethod("JacobianJacobian")!.CreateDelegate<JacobianDelegate>();
        double[,] jacobian = jacobianOf(new double[] { 1, 2 }, 3.0, 4.0, 5.0, 6.0, 7.0, new double[2]);
        // Columns: columns[0], columns[1], jacobian, row, column, j, seedRow.
        Assert.Equal(new double[,] { { 3, 0, 1, 5, 4, 7, 6 }, { 0, 3, 2, 5, 4, 7, 6 } }, jacobian);
    }

    private delegate double[,] JacobianDelegate(ReadOnlySpan<double> columns, double jacobian, double row, double column, double j, double seedRow, Span<double> y);

    [Fact]
    public void TensorConditionsReadTheUsersFieldsNotGeneratedParameters()
    {
        // Fields named like the generated parameters (seed, policy, tape, into): conditions and bounds must read the fields.
        var (_, diagnostics, _) = GeneratorHarness.Run("""
            using SourceAD;
            using SourceAD.Tensors;
            public partial class Net
            {
                [Parameter] public Tensor W = null!;
                public bool seed, policy;
                public int tape = 2, into = 1;
                [Differentiable]
                public Tensor Loss(Tensor x)
                {
                    var h = Ops.Mul(x, W);
                    for (int i = 0; i < tape; i++) h = Ops.Tanh(h);
                    if (seed && !policy && into > 0) h = Ops.Relu(h);
                    return Ops.Sum(h);
                }
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void NoOneElementTupleWithoutDifferentiableParameters()
    {
        // An int[][] is passive: with no other input, the gradient form would be a one-element tuple (CS8124).
        // (The double[][] is differentiable now; its derivatives are double[][] too.)
        Type t = Compile("""
            public static partial class P
            {
                [Differentiable] public static double Rows(int[][] data, int k) => data.Length * 2.0 + k;
                [Differentiable] public static double Scaled(int[][] data, double x) => data.Length * x;
            }
            """);
        Assert.Null(t.GetMethod("RowsGradient"));
        Assert.Equal(new object?[] { 6.0, 2.0 }, Items(Call(t, "ScaledGradient", new[] { new int[1], new int[2] }, 3.0)));
        Assert.Equal(new object?[] { 7.0, 0.0 }, Items(t.GetMethod("RowsPushforward")!.Invoke(null, new object[] { new int[3][], 1 })));
    }

    // ------------------------------------------------------------------ defect 5: refused helpers
    // The helper writes to a static table, which stays refused (field arrays are read as data); reading such a table
    // is supported now, so the refusal has to come from the write.

    private const string RefusedHelper = """
        public static partial class Stats
        {
            private static readonly double[] Coefficients = { 0.254829592, -0.284496736, 1.421413741 };
            [Differentiable]
            private static double Erf(double x) { Coefficients[2] = x; double t = 1 / (1 + 0.3275911 * x); return 1 - t * Coefficients[0] * Math.Exp(-x * x); }
            [Differentiable]
            public static double Cdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));
            [Differentiable]
            public static double Twice(double x) => 2 * Cdf(x);
            [Differentiable]
            public static double Fine(double x) => x * x;
        }
        """;

    [Fact]
    public void CallersOfRefusedHelpersAreNotEmitted()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Usings + RefusedHelper);
        // No CS0117 inside generated files: Cdf and Twice (which calls Cdf) are left out, Fine is generated.
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "Fine" }, result.Results.Single().GeneratedSources.Select(s => s.HintName.Split('(')[0].Split('.').Last()));
    }

    [Fact]
    public Task RefusedHelperIsReportedOnceAtTheCallSite() => new Verify.Analyzer<DifferentiableAnalyzer>(Usings + """
        public static partial class Stats
        {
            private static readonly double[] Coefficients = { 0.254829592, -0.284496736, 1.421413741 };
            [Differentiable]
            private static double Erf(double x) { {|#0:Coefficients[2]|} = x; return x * Coefficients[0]; }
            [Differentiable]
            public static double Cdf(double x) => 0.5 * (1 + {|#1:Erf(x)|});
            [Differentiable]
            public static double Twice(double x) => 2 * {|#2:Cdf(x)|};
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0),
        new DiagnosticResult("SRCAD0010", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Erf", "it reports SRCAD0001"),
        new DiagnosticResult("SRCAD0010", DiagnosticSeverity.Error).WithLocation(2).WithArguments("Cdf", "it calls 'Erf', whose derivatives cannot be generated")).RunAsync();

    // ------------------------------------------------------------------ defect 6: passive calls in conditions

    [Fact]
    public void BoolAndIntegerCallsInConditionsArePassive()
    {
        Type t = Compile("""
            public static partial class P
            {
                static int Bucket(double v) => (int)Math.Floor(v);
                [Differentiable] public static double Square(double v) => v * v;
                [Differentiable]
                public static double F(double x, double y)
                {
                    if (double.IsNaN(x) || !double.IsFinite(y)) return 0;
                    double s = x * y;
                    int n = 0;
                    while (n < 3 && Square(s) < 100 && Bucket(s) != 7) { s = s * 1.5; n++; }
                    return s;
                }
            }
            """);
        object?[] g = Items(Call(t, "FGradient", 1.0, 2.0));
        // s = 2 → 3 → 4.5 → 6.75 (three steps, Square(s) < 100 each time): s = x·y·1.5³.
        Assert.Equal(2 * 3.375, (double)g[0]!);
        Assert.Equal(2 * 3.375, (double)g[1]!);
        Assert.Equal(3.375, (double)g[2]!);
        Assert.Equal(0.0, Items(Call(t, "FGradient", double.NaN, 2.0))[0]);
    }

    // ------------------------------------------------------------------ defect 7: throw without the user's usings

    [Fact]
    public void ThrowResolvesWithoutTheUsersUsings()
    {
        Type t = Compile("""
            namespace Geo
            {
                using System.IO;
                using Msg = Geo.Messages;
                public static class Messages { public const string Negative = "negative"; public static string Format(double v) => "bad " + v; }
                public static partial class P
                {
                    [Differentiable]
                    public static double F(double x)
                    {
                        double y = x * 2;
                        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), Msg.Negative);
                        if (y > 100) throw new InvalidDataException(Messages.Format(y) + StringComparison.Ordinal);
                        return y * y;
                    }
                }
            }
            """, "Geo.P");
        Assert.Equal(new object?[] { 36.0, 24.0 }, Items(Call(t, "FGradient", 3.0)));
        var ex = Assert.Throws<TargetInvocationException>(() => Call(t, "FGradient", -1.0));
        Assert.Equal("x", Assert.IsType<ArgumentOutOfRangeException>(ex.InnerException).ParamName);
        ex = Assert.Throws<TargetInvocationException>(() => Call(t, "FGradient", 60.0));
        Assert.Equal("bad 120Ordinal", Assert.IsType<System.IO.InvalidDataException>(ex.InnerException).Message);
    }
}
