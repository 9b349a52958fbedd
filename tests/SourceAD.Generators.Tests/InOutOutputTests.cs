using System.Reflection;
using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// In-out outputs: a vector-output method that reads its output before writing it (<c>y[i] += a * x[i]</c>, BLAS axpy as
/// people write it). Its contents on entry are an input: the pullback adds their adjoint into <c>dyIn</c>, the
/// pushforward reads their tangent from <c>dy</c>, the Jacobian has a column per entry, and callers (in loops, through
/// wrappers that pass their own output on) give the output's earlier contents their derivative. Each generated form is
/// checked against central finite differences of the user's own method, the dot-product test and the value oracle.
/// </summary>
public class InOutOutputTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Blas
        {
            [Differentiable]
            public static void Axpy(double[] x, double a, double[] y)
            {
                for (int i = 0; i < x.Length; i++)
                    y[i] += a * x[i] + 0.1 * y[i] * y[i];
            }

            /// <summary>Passes its own output on to Axpy first: in-out too.</summary>
            [Differentiable]
            public static void AxpyTwice(double[] x, double a, Span<double> y)
            {
                double[] tmp = new double[y.Length];
                for (int i = 0; i < y.Length; i++) tmp[i] = y[i];
                Axpy(x, a, tmp);
                Axpy(x, a * 0.5, tmp);
                for (int i = 0; i < y.Length; i++) y[i] = tmp[i] * 2;
            }

            /// <summary>Writes its output before reading it: a plain output, no entry adjoint.</summary>
            [Differentiable]
            public static void Fresh(double[] x, double[] y)
            {
                for (int i = 0; i < x.Length; i++) { y[i] = x[i] * x[i]; y[i] += Math.Sin(y[i]); }
            }

            [Differentiable]
            public static double Loop(double[] x, double a)
            {
                double[] y = new double[x.Length];
                for (int i = 0; i < x.Length; i++) y[i] = Math.Cos(x[i]);
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    Axpy(x, a, y);
                    s += y[k] * y[0];
                    if (y[1] > 0) AxpyTwice(x, -a, y);
                }
                for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
                return s;
            }
        }
        """;

    private delegate void AxpyPullback(double[] x, double a, double[] y, ReadOnlySpan<double> seedY, Span<double> dx, ref double da, Span<double> dyIn);

    private delegate void AxpyPushforward(double[] x, double a, double[] y, ReadOnlySpan<double> dx, double da, Span<double> dy);

    private static readonly Lazy<Type> Blas = new(() => GeneratorHarness.Load(Source).GetType("Blas")!);

    private static readonly double[] X = { 0.5, -1.2, 2.0 };
    private const double A = 0.7;
    private static readonly double[] Y0 = { 0.3, -0.4, 1.1 };

    private static double[] Primal(double[] x, double a, double[] y0)
    {
        double[] y = (double[])y0.Clone();
        Blas.Value.GetMethod("Axpy")!.Invoke(null, new object[] { x, a, y });
        return y;
    }

    [Fact]
    public void PullbackGivesTheEntryContentsTheirAdjoint()
    {
        var pullback = Blas.Value.GetMethod("AxpyPullback")!.CreateDelegate<AxpyPullback>();
        double[] w = { 0.9, -0.3, 0.4 };
        double[] y = (double[])Y0.Clone(), dx = new double[3], dyIn = new double[3];
        double da = 0;
        pullback(X, A, y, w, dx, ref da, dyIn);
        // Value oracle: the pullback leaves the output as the method does.
        Assert.Equal(Primal(X, A, Y0), y);

        // ⟨w, ∂y/∂(x, a, y0)·t⟩ by central differences, for each coordinate direction t.
        double Wy(double[] x, double a, double[] y0) => Primal(x, a, y0).Zip(w, (p, q) => p * q).Sum();
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            double[] xp = (double[])X.Clone(), xm = (double[])X.Clone();
            xp[i] += h; xm[i] -= h;
            Assert.Equal((Wy(xp, A, Y0) - Wy(xm, A, Y0)) / (2 * h), dx[i], 6);
            double[] yp = (double[])Y0.Clone(), ym = (double[])Y0.Clone();
            yp[i] += h; ym[i] -= h;
            Assert.Equal((Wy(X, A, yp) - Wy(X, A, ym)) / (2 * h), dyIn[i], 6);
        }
        Assert.Equal((Wy(X, A + h, Y0) - Wy(X, A - h, Y0)) / (2 * h), da, 6);
    }

    [Fact]
    public void PushforwardReadsTheEntryTangentAndAgreesWithThePullback()
    {
        var pushforward = Blas.Value.GetMethod("AxpyPushforward")!.CreateDelegate<AxpyPushforward>();
        var pullback = Blas.Value.GetMethod("AxpyPullback")!.CreateDelegate<AxpyPullback>();
        double[] tx = { 0.2, 0.7, -0.5 }, ty = { -0.6, 0.1, 0.3 }, w = { 0.9, -0.3, 0.4 };
        const double ta = -0.8;
        double[] y = (double[])Y0.Clone(), dy = (double[])ty.Clone();
        pushforward(X, A, y, tx, ta, dy);
        Assert.Equal(Primal(X, A, Y0), y);
        double[] y2 = (double[])Y0.Clone(), dx = new double[3], dyIn = new double[3];
        double da = 0;
        pullback(X, A, y2, w, dx, ref da, dyIn);
        double left = dy.Zip(w, (p, q) => p * q).Sum();
        double right = dx.Zip(tx, (p, q) => p * q).Sum() + da * ta + dyIn.Zip(ty, (p, q) => p * q).Sum();
        Assert.Equal(left, right, 12);
    }

    [Fact]
    public void JacobianHasAColumnPerEntryAndLeavesTheOutputAsTheMethodDoes()
    {
        double[] y = (double[])Y0.Clone();
        var j = (double[,])Blas.Value.GetMethod("AxpyJacobian")!.Invoke(null, new object[] { X, A, y })!;
        Assert.Equal(new[] { 3, 3 + 1 + 3 }, new[] { j.GetLength(0), j.GetLength(1) });
        Assert.Equal(Primal(X, A, Y0), y);
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            double[] yp = (double[])Y0.Clone(), ym = (double[])Y0.Clone();
            yp[i] += h; ym[i] -= h;
            double[] column = Primal(X, A, yp).Zip(Primal(X, A, ym), (p, q) => (p - q) / (2 * h)).ToArray();
            for (int r = 0; r < 3; r++) Assert.Equal(column[r], j[r, 4 + i], 6);
        }
    }

    [Fact]
    public void AnOutputWrittenFirstHasNoEntryAdjoint()
    {
        MethodInfo pullback = Blas.Value.GetMethod("FreshPullback")!;
        Assert.Equal(new[] { "x", "y", "seedY", "dx" }, pullback.GetParameters().Select(p => p.Name));
    }

    [Fact]
    public void CallersInLoopsAndThroughWrappersMatchFiniteDifferences()
    {
        Type t = Blas.Value;
        var f = t.GetMethod("Loop")!.CreateDelegate<Func<double[], double, double>>();
        var gradient = (ITuple)t.GetMethod("LoopGradient")!.Invoke(null, new object[] { X, A })!;
        Assert.Equal(f(X, A), (double)gradient[0]!);
        double[] dx = (double[])gradient[1]!;
        double da = (double)gradient[2]!;
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            double[] xp = (double[])X.Clone(), xm = (double[])X.Clone();
            xp[i] += h; xm[i] -= h;
            double fd = (f(xp, A) - f(xm, A)) / (2 * h);
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"∂/∂x{i}: finite differences {fd}, pullback {dx[i]}");
        }
        double fda = (f(X, A + h) - f(X, A - h)) / (2 * h);
        Assert.True(Math.Abs(fda - da) <= 1e-6 * (1 + Math.Abs(fda)), $"∂/∂a: finite differences {fda}, pullback {da}");

        // Forward mode along (tx, ta) equals ⟨gradient, (tx, ta)⟩.
        double[] tx = { 0.2, 0.7, -0.5 };
        const double ta = -0.8;
        var pushforward = t.GetMethod("LoopPushforward")!.CreateDelegate<Func<double[], double, ReadOnlySpan<double>, double, (double, double)>>();
        var (value, tangent) = pushforward(X, A, tx, ta);
        Assert.Equal(f(X, A), value);
        Assert.Equal(dx.Zip(tx, (p, q) => p * q).Sum() + da * ta, tangent, 10);
    }
}
