using System;
using SourceAD;

namespace CostReportSample;

public static partial class Functions
{
    /// <summary>log Σ exp(xᵢ), stabilized by the maximum: SRCAD1001 reports cost(P) = 4·|x| + 1.</summary>
    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++) m = Math.Max(m, x[i]);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - m);
        return m + Math.Log(s);
    }

    /// <summary>A one-hidden-layer ReLU network with n units over d inputs: cost(P) grows as n·d, ω_b stays 5.</summary>
    [Differentiable]
    public static double Mlp(double[] w, double[] b, double[] v, double[] x, int n)
    {
        int d = x.Length;
        double y = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b[i];
            for (int j = 0; j < d; j++) z += w[i * d + j] * x[j];
            y += v[i] * Nonsmooth.Relu(z);
        }
        return y;
    }

    /// <summary>
    /// The return value is not stored, so the reverse sweep evaluates tanh again: SRCAD1002 shows the pullback costs
    /// 6 operations against ω_b·cost(P) = 5. Assigning <c>double t = Math.Tanh(a); return t;</c> avoids it.
    /// </summary>
    [Differentiable]
    public static double Squash(double a) => Math.Tanh(a);

    public static double Cube(double v) => v * v * v;

    /// <summary>A hand-written pullback that recomputes far more than Cube itself: SRCAD1003.</summary>
    [DerivativeOf(typeof(Functions), nameof(Cube))]
    public static double CubePullback(double v, double seed, ref double dv)
    {
        double slow = Math.Exp(Math.Log(v * v)) * Math.Sqrt(9.0) * Math.Cos(0.0);
        dv += seed * slow;
        return v * v * v;
    }

    [Differentiable]
    public static double UsesCube(double a) => Cube(a) + a;
}
