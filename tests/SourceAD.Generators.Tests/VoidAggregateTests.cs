using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A vector-output method whose struct parameter is data (GradBench gmm's <c>objective(…, Wishart wishart, T* err)</c>,
/// gap G4): the generated Pullback, Pushforward and Jacobian take the struct as written. A struct that would need an
/// adjoint beside the output seeds is refused with the rewrite.
/// </summary>
public class VoidAggregateTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public record struct Wishart(double Gamma, int M);

        // No floating member: data without [NoDerivative].
        public readonly struct Prior
        {
            public readonly int Degrees;
            public readonly bool Mirrored;
            public Prior(int degrees, bool mirrored) { Degrees = degrees; Mirrored = mirrored; }
        }

        public static partial class Mixture
        {
            [Differentiable]
            public static void Objective(ReadOnlySpan<double> x, [NoDerivative] Wishart wishart, Prior prior, Span<double> err)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
                err[0] = 0.5 * wishart.Gamma * wishart.Gamma * s - wishart.M * Math.Log(s) * prior.Degrees;
                err[1] = (prior.Mirrored ? -1 : 1) * Math.Sin(x[0]) * x[1] + prior.Degrees;
            }
        }
        """;

    /// <summary>Calls the generated members with spans and the user's structs, from inside the compiled program.</summary>
    private const string Driver = """
        public static class Driver
        {
            private static Wishart W => new(1.3, 2);
            private static Prior P => new(3, true);
            public static double[] Value(double[] x) { var err = new double[2]; Mixture.Objective(x, W, P, err); return err; }
            public static double[,] Jacobian(double[] x, double[] err) => Mixture.ObjectiveJacobian(x, W, P, err);
            public static double[] Pushforward(double[] x, double[] t, double[] err) { var d = new double[2]; Mixture.ObjectivePushforward(x, W, P, err, t, d); return d; }
            public static double[] Pullback(double[] x, double[] w, double[] err) { var dx = new double[x.Length]; Mixture.ObjectivePullback(x, W, P, err, w, dx); return dx; }
        }
        """;

    private static readonly Lazy<Type> D = new(() => GeneratorHarness.Load(Source, Driver).GetType("Driver")!);

    private static T Call<T>(string name, params object[] args) => (T)D.Value.GetMethod(name)!.Invoke(null, args)!;

    [Fact]
    public void JacobianMatchesFiniteDifferencesAndPushforwardAndPullbackAgree()
    {
        double[] x = { 0.4, -1.2, 0.9 };
        double[] Run(double[] at) => Call<double[]>("Value", at);
        var err = new double[2];
        var jacobian = Call<double[,]>("Jacobian", x, err);
        Assert.Equal(Run(x), err); // the value oracle: the generated code writes what the method writes, bit for bit
        for (int r = 0; r < 2; r++)
        {
            FiniteDifference.AssertGradient(at => Run(at)[r], x, Enumerable.Range(0, x.Length).Select(i => jacobian[r, i]).ToArray(), $"err{r}/x");
        }

        // <J t, w> = <t, J^T w> through the generated Pushforward and Pullback.
        double[] t = { 0.3, 0.8, -0.5 }, w = { 1.7, -0.4 };
        var pushErr = new double[2];
        double[] tangent = Call<double[]>("Pushforward", x, t, pushErr);
        Assert.Equal(Run(x), pushErr);
        var pullErr = new double[2];
        double[] dx = Call<double[]>("Pullback", x, w, pullErr);
        Assert.Equal(Run(x), pullErr);
        double jt = tangent[0] * w[0] + tangent[1] * w[1], tj = dx.Zip(t, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(jt - tj) <= 1e-12 * (1 + Math.Abs(jt)), $"<J t, w> = {jt}, <t, J^T w> = {tj}");
    }

    [Fact]
    public Task AStructThatWouldNeedAnAdjointIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public struct Wishart { public double Gamma; public int M; }

        public static partial class Mixture
        {
            [Differentiable]
            public static void {|#0:Objective|}(ReadOnlySpan<double> x, Wishart wishart, Span<double> err) => err[0] = wishart.Gamma * x[0];
        }
        """, new DiagnosticResult("SRCAD0004", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Objective",
            "the struct parameter 'wishart' of a void method would need an adjoint beside the outputs, which is not supported; mark it [NoDerivative] if it is data, or return a double (one method per output)")).RunAsync();
}
