using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers in a utility class nobody marked partial (<c>public static class MathUtil</c>) are inlined at each call
/// with a floating value, transitively, when everything they name is accessible from the caller: both modes match
/// finite differences and each other, and the value is the method's own, bit for bit. A [DerivativeOf] method for
/// such a helper still wins.
/// </summary>
public class NonPartialHelperTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static class MathUtil
        {
            public const double Epsilon = 1e-9;
            public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
            public static double SafeLog(double x) => Math.Log(Math.Max(x, Epsilon));
            public static double BinaryCrossEntropy(double p, double y) => -(y * SafeLog(p) + (1 - y) * SafeLog(1 - p));
            public static double Cube(double x) => x * x * x;
        }

        public static class Fancy
        {
            public static double Soft(double x) => Math.Log(1 + Math.Exp(x));
        }

        public static class Custom
        {
            [DerivativeOf(typeof(Fancy), nameof(Fancy.Soft))]
            public static double SoftPullback(double x, double seed, ref double dx)
            {
                dx += seed * 2.0; // deliberately not the true derivative: shows that this method is used
                return Fancy.Soft(x);
            }
        }

        public partial class LogisticModel
        {
            [Differentiable]
            public static double Loss(double[] w, double[] x, double y)
            {
                double z = 0;
                for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
                return MathUtil.BinaryCrossEntropy(MathUtil.Sigmoid(z), y) + 0.01 * MathUtil.Cube(w[0]);
            }

            [Differentiable]
            public static double WithCustom(double x) => Fancy.Soft(x) * x;
        }
        """;

    private static readonly Lazy<Type> T = new(() => GeneratorHarness.Load(Source).GetType("LogisticModel")!);

    private delegate (double, double) Pushforward(double[] w, double[] x, double y, ReadOnlySpan<double> dw, ReadOnlySpan<double> dx, double dy);

    [Fact]
    public void InlinedHelpersMatchFiniteDifferencesAndForwardMode()
    {
        var f = T.Value.GetMethod("Loss")!.CreateDelegate<Func<double[], double[], double, double>>();
        double[] w = { 0.4, -0.7, 1.1 }, x = { 1.5, 0.3, -0.8 };
        const double y = 1.0;
        var gradient = (ITuple)T.Value.GetMethod("LossGradient")!.Invoke(null, new object[] { w, x, y })!;
        Assert.Equal(f(w, x, y), (double)gradient[0]!);
        double[] dw = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(at => f(at, x, y), w, dw, "w");
        double[] tw = { 0.2, 0.9, -0.4 };
        var (value, tangent) = T.Value.GetMethod("LossPushforward")!.CreateDelegate<Pushforward>()(w, x, y, tw, new double[x.Length], 0.0);
        Assert.Equal(f(w, x, y), value);
        double dot = dw.Zip(tw, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(tangent - dot) <= 1e-12 * (1 + Math.Abs(dot)), $"<J t, 1> = {tangent}, <t, J^T 1> = {dot}");
    }

    [Fact]
    public void ADerivativeOfMethodStillWinsOverInlining()
    {
        var gradient = (ITuple)T.Value.GetMethod("WithCustomGradient")!.Invoke(null, new object[] { 0.5 })!;
        double soft = Math.Log(1 + Math.Exp(0.5));
        Assert.Equal(2.0 * 0.5 + soft, (double)gradient[1]!, 12);
    }
}
