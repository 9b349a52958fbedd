using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests.Cost;

public class CostExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        string src = CostHarness.Class("""
            [Differentiable]
            public static double Lse(double[] x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++) m = Math.Max(m, x[i]);
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - m);
                return m + Math.Log(s);
            }
            [Differentiable]
            public static double Mlp(double[] w, double[] x, int n, int d)
            {
                double acc = 0;
                for (int i = 0; i < n; i++)
                {
                    double z = 0;
                    for (int j = 0; j < d; j++) z += w[i * d + j] * x[j];
                    acc += Nonsmooth.Relu(z);
                }
                return acc;
            }
            [Differentiable]
            public static double Mul(double a, double b) => a * b;
        """);
        foreach (var d in CostHarness.Diagnostics(src)) output.WriteLine(d.ToString());
    }
}
