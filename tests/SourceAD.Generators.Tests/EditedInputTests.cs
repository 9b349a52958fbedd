using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A floating <c>T[]</c> input that the method edits in place (<c>r[i] += r[i - 1]</c>, a prefix sum over its own
/// argument). Derivatives are with respect to its contents on entry; the pullback adds into what the caller's adjoint
/// already holds and leaves the array as the method does; the pushforward never writes the caller's tangent. A
/// [Differentiable] caller of such a method is refused at the argument (its reverse sweep would rerun the callee on
/// the edited array).
/// </summary>
public class EditedInputTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class P
        {
            [Differentiable]
            public static double PrefixEnergy(double[] r, double a)
            {
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] = Math.Sin(r[i]) * a;
                    if (i > 0) r[i] += r[i - 1] * r[i - 1];
                }
                double s = 0;
                foreach (double v in r) s += v * v;
                return s + r[0] * r[r.Length - 1];
            }
        }
        """;

    private delegate double Pullback(double[] r, double a, double seed, Span<double> dr, ref double da);

    private delegate (double, double) Pushforward(double[] r, double a, ReadOnlySpan<double> dr, double da);

    private static readonly Lazy<Type> T = new(() => GeneratorHarness.Load(Source).GetType("P")!);

    private static readonly double[] R = { 0.3, -0.7, 1.1, 0.4 };

    private static double F(double[] r, double a) => (double)T.Value.GetMethod("PrefixEnergy")!.Invoke(null, new object[] { r.Clone(), a })!;

    [Fact]
    public void PullbackAccumulatesTheEntryGradientAndLeavesTheArrayAsTheMethodDoes()
    {
        var pullback = T.Value.GetMethod("PrefixEnergyPullback")!.CreateDelegate<Pullback>();
        double[] r = (double[])R.Clone(), edited = (double[])R.Clone();
        T.Value.GetMethod("PrefixEnergy")!.Invoke(null, new object[] { edited, 0.8 });
        double[] dr = { 10, 20, 30, 40 };
        double da = 5;
        double value = pullback(r, 0.8, 1.0, dr, ref da);
        Assert.Equal(F(R, 0.8), value);
        Assert.Equal(edited, r);
        // The pullback accumulates: what it added on top of the entry adjoints is the gradient.
        FiniteDifference.AssertGradient(at => F(at, 0.8), R, dr.Select((d, i) => d - 10 * (i + 1)).ToArray(), "r");
        FiniteDifference.AssertAgrees(FiniteDifference.Derivative(at => F(R, at), 0.8), da - 5, "∂/∂a");
    }

    [Fact]
    public void PushforwardAgreesWithTheGradientAndLeavesTheTangentAlone()
    {
        var pushforward = T.Value.GetMethod("PrefixEnergyPushforward")!.CreateDelegate<Pushforward>();
        var gradient = (ITuple)T.Value.GetMethod("PrefixEnergyGradient")!.Invoke(null, new object[] { R.Clone(), 0.8 })!;
        double[] tr = { 0.5, -0.2, 0.9, 0.1 }, trCopy = (double[])tr.Clone();
        var (value, tangent) = pushforward((double[])R.Clone(), 0.8, tr, -0.3);
        Assert.Equal(F(R, 0.8), value);
        Assert.Equal(trCopy, tr);
        double expected = ((double[])gradient[1]!).Zip(tr, (g, t) => g * t).Sum() + (double)gradient[2]! * -0.3;
        Assert.Equal(expected, tangent, 10);
    }

    [Fact]
    public Task CallersAreRefusedAtTheArgument() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System;
        using SourceAD;

        public static partial class P
        {
            [Differentiable]
            public static double Cumulate(double[] r)
            {
                for (int i = 1; i < r.Length; i++) r[i] += r[i - 1];
                return r[r.Length - 1];
            }

            [Differentiable]
            public static double Caller(double[] x) => Cumulate({|#0:x|}) * 2;
        }
        """,
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Calling 'Cumulate', which edits its input array 'r' in place,", "call it from outside [Differentiable] code, or let it write a separate output array (a void method)")).RunAsync();
}
