using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Generic methods and helpers whose T is constrained only to generic-math interfaces that IFloatingPointIeee754&lt;T&gt;
/// implies (<c>INumber&lt;T&gt;</c>, <c>IFloatingPoint&lt;T&gt;</c>, <c>IRootFunctions&lt;T&gt;</c>, …;
/// TypeClassifier.IsWeakGenericMath): the body can only use what those declare, so it is differentiated, and the
/// generated members are declared <c>where T : IFloatingPointIeee754&lt;T&gt;</c>. Checked at double and float by the
/// value oracle (bit for bit), finite differences and the dot-product test; other constraints are refused naming them.
/// </summary>
public class GenericMathConstraintTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using SourceAD;

        public static partial class Generic
        {
            [Differentiable]
            public static T Smooth<T>(T[] x) where T : INumber<T>
            {
                T s = T.Zero;
                for (int i = 0; i < x.Length; i++) s += T.Abs(x[i]) * x[i] / (T.One + x[i] * x[i]) + T.Max(x[i], T.Zero);
                return s;
            }

            private static T Norm<T>(T[] x) where T : IFloatingPoint<T>, IRootFunctions<T>
            {
                T s = T.Zero;
                foreach (T v in x) s += v * v;
                return T.Sqrt(s);
            }

            private static T Sum<T>(T[] x) where T : INumber<T>
            {
                T s = T.Zero;
                foreach (T v in x) s += v;
                return s;
            }

            [Differentiable]
            public static double Normalized(double[] x, int[] counts) => Norm(x) / Sum(x) + Sum(counts);
        }
        """;

    private static readonly Lazy<Type> Generic = new(() => GeneratorHarness.Load(Source).GetType("Generic")!);

    private static readonly double[] X = { 0.7, -1.3, 2.2, 0.05, -0.4 };

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);

    [Fact]
    public void CompilesWithoutDiagnosticsAndDeclaresTheIeeeConstraint()
    {
        var diagnostics = GeneratorHarness.BuildDiagnostics(Source);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string generated = GeneratorHarness.GeneratedSource(Source, "Smooth`1(T[]).Derivatives.g.cs");
        Assert.Contains("where T : global::System.Numerics.IFloatingPointIeee754<T>", generated);
        Assert.DoesNotContain("INumber<T>", generated);
    }

    // A guarded partial in the vector pushforward (a ?: branch's derivative) is computed only when its branch is
    // taken, else it holds default. For an unconstrained T that default is T? to the nullable analysis, so the
    // generated code drew CS8604 in every user's project with nullable enabled (the Quickstart's SoftPlus<T>).
    [Fact]
    public void GuardedGenericTangentsCompileWithoutNullableWarnings()
    {
        const string guarded = """
            using SourceAD;
            public static partial class Guarded
            {
                [Differentiable]
                public static T SoftPlus<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> =>
                    x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));
            }
            """;
        var problems = GeneratorHarness.BuildDiagnostics(guarded).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.Empty(problems);
        Assert.Contains("PushforwardVector", GeneratorHarness.GeneratedSource(guarded, "SoftPlus`1(T).Derivatives.g.cs"));
    }

    [Fact]
    public void INumberMethodAtDoubleAndFloat()
    {
        Type t = Generic.Value;
        var f = t.GetMethod("Smooth")!.MakeGenericMethod(typeof(double)).CreateDelegate<Func<double[], double>>();
        var gradient = (ITuple)t.GetMethod("SmoothGradient")!.MakeGenericMethod(typeof(double)).Invoke(null, new object[] { X })!;
        Assert.Equal(Bits(f(X)), Bits((double)gradient[0]!));
        double[] g = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(f, X, g);
        double[] direction = { 0.3, -0.2, 0.9, 1.1, -0.5 };
        var push = (ITuple)t.GetMethod("SmoothPushforward")!.MakeGenericMethod(typeof(double)).CreateDelegate<Pushforward<double>>()(X, direction);
        Assert.Equal(Bits(f(X)), Bits((double)push[0]!));
        double reverse = g.Zip(direction, (a, b) => a * b).Sum();
        Assert.True(Math.Abs((double)push[1]! - reverse) <= 1e-12 * (1 + Math.Abs(reverse)));

        float[] xf = X.Select(v => (float)v).ToArray();
        var ff = t.GetMethod("Smooth")!.MakeGenericMethod(typeof(float)).CreateDelegate<Func<float[], float>>();
        var gf = (ITuple)t.GetMethod("SmoothGradient")!.MakeGenericMethod(typeof(float)).Invoke(null, new object[] { xf })!;
        Assert.Equal(BitConverter.SingleToInt32Bits(ff(xf)), BitConverter.SingleToInt32Bits((float)gf[0]!));
        float[] dgf = (float[])gf[1]!;
        for (int i = 0; i < X.Length; i++) Assert.Equal(g[i], dgf[i], 4);
    }

    private delegate (T Value, T Tangent) Pushforward<T>(T[] x, ReadOnlySpan<T> dx);

    [Fact]
    public void WeakHelpersCalledAtDoubleAndAPassiveIntCall()
    {
        Type t = Generic.Value;
        int[] counts = { 2, 5 };
        var f = t.GetMethod("Normalized")!.CreateDelegate<Func<double[], int[], double>>();
        var gradient = (ITuple)t.GetMethod("NormalizedGradient")!.Invoke(null, new object[] { X, counts })!;
        Assert.Equal(Bits(f(X, counts)), Bits((double)gradient[0]!));
        FiniteDifference.AssertGradient(v => f(v, counts), X, (double[])gradient[1]!);
        // Closed form: d(‖x‖/Σx)/dx_i = x_i/(‖x‖ Σx) − ‖x‖/(Σx)².
        double norm = Math.Sqrt(X.Sum(v => v * v)), sum = X.Sum();
        for (int i = 0; i < X.Length; i++) Assert.Equal(X[i] / (norm * sum) - norm / (sum * sum), ((double[])gradient[1]!)[i], 10);
    }

    [Fact]
    public Task ATypesWeakParameterIsRefusedNamingTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Numerics;
        using SourceAD;

        public static partial class Accumulator<T> where T : INumber<T>
        {
            [Differentiable]
            public static T {|#0:Square|}(T x) => x * x;
        }
        """, new DiagnosticResult("SRCAD0004", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Square",
            "it returns 'T', a type parameter of 'Accumulator' constrained to System.Numerics.INumber<T>; the generated members share the type's constraint and cannot " +
            "strengthen it, so constrain the type's T to IFloatingPointIeee754<T>, or make the method generic in its own T (a method's own INumber<T> or IFloatingPoint<T> is differentiated)")).RunAsync();

    [Fact]
    public Task OtherConstraintsAreRefusedNamingThem() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Numerics;
        using SourceAD;

        public static partial class Generic
        {
            [Differentiable]
            public static T {|#0:Square|}<T>(T x) where T : struct, INumber<T> => x * x;
        }
        """, new DiagnosticResult("SRCAD0004", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Square",
            "it returns 'T', which is constrained to System.Numerics.INumber<T> and struct/class/new()/unmanaged/notnull; SourceAD differentiates a generic T constrained to " +
            "IFloatingPointIeee754<T>, or only to generic-math interfaces it implies with arithmetic (INumber<T>, IFloatingPoint<T>, IRootFunctions<T>, …; the derivatives are " +
            "then generated for IFloatingPointIeee754<T>): constrain it so")).RunAsync();
}
