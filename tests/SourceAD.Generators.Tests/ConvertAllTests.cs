using System.Linq;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 19: <c>Array.ConvertAll(x, v =&gt; …)</c> is <c>x.Select(v =&gt; …).ToArray()</c>, a new array filled in order
/// (it was refused as "an array initialization"). The lambda captures a differentiated parameter, and the source is
/// written after the call, which must not show in the converted array.
/// </summary>
public class ConvertAllTests() : SourceProgramTests(Source, "Converted")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Converted
        {
            [Differentiable]
            public static double Scaled(double[] z, double k)
            {
                double[] y = (double[])z.Clone();
                double[] a = Array.ConvertAll(y, v => Math.Tanh(k * v));
                y[0] = 100 * k;
                double s = y[0];
                for (int i = 0; i < a.Length; i++) s += a[i] * z[i];
                return s;
            }
        }
        """;

    [Fact]
    public void ConvertAllIsASelectIntoANewArray()
    {
        double[] z = { 0.5, -1.5, 2.0 };
        double k = 0.7;
        var report = (DerivativeCheckReport)Program.GetMethod("ScaledCheckDerivatives")!.Invoke(null, new object?[] { z, k, null })!;
        Assert.True(report.Passed, report.ToString());
        var g = (ITuple)Program.GetMethod("ScaledGradient")!.Invoke(null, new object[] { z, k })!;
        double dk = 100 + z.Sum(v => v * v * (1 - Math.Tanh(k * v) * Math.Tanh(k * v)));
        Assert.Equal(dk, (double)g[2]!, 12);
        double[] dz = z.Select(v => Math.Tanh(k * v) + v * k * (1 - Math.Tanh(k * v) * Math.Tanh(k * v))).ToArray();
        Assert.Equal(dz, (double[])g[1]!, new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double eps) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
