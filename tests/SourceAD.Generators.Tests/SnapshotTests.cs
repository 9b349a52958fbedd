using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The generated source of representative methods, compared with checked-in snapshots (Snapshots/*.g.cs.txt).
/// To accept an intended change, run with SOURCEAD_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public class SnapshotTests
{
    private const string Source = """
        using System;
        using SourceAD;
        namespace Demo;
        public static partial class Functions
        {
            [Differentiable]
            public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

            [Differentiable]
            public static double Softplus(ReadOnlySpan<double> x, [NoDerivative] double[] w)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double z = w[i] * x[i];
                    s += z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
                }
                return s;
            }

            [Differentiable(Ties = TieRule.Hybrid, HybridBeta = 0.25)]
            public static double Kinks(double x, double y) => Math.Max(x, y) + Math.Abs(x - y);

            [Differentiable]
            public static T Generic<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T>
            {
                T y = x;
                while (y < T.CreateTruncating(100)) { y = y * y + T.One; }
                return y;
            }
        }
        """;

    [Theory]
    [InlineData("Functions.Rosenbrock.Derivatives.g.cs", "Demo.Functions.Rosenbrock(double,double).Derivatives.g.cs")]
    [InlineData("Functions.Softplus.Derivatives.g.cs", "Demo.Functions.Softplus(System.ReadOnlySpan[double],double[]).Derivatives.g.cs")]
    [InlineData("Functions.Kinks.Derivatives.g.cs", "Demo.Functions.Kinks(double,double).Derivatives.g.cs")]
    [InlineData("Functions.Generic.Derivatives.g.cs", "Demo.Functions.Generic`1(T).Derivatives.g.cs")]
    public void GeneratedSourceMatchesSnapshot(string snapshot, string hint)
    {
        string actual = GeneratorHarness.GeneratedSource(Source, hint).Replace("\r\n", "\n");
        string path = Path.Combine(SnapshotDirectory(), snapshot + ".txt");
        if (Environment.GetEnvironmentVariable("SOURCEAD_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run with SOURCEAD_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }

    private const string TensorSource = """
        using SourceAD;
        using SourceAD.Tensors;
        namespace Demo;
        public partial class Rnn
        {
            [Parameter] public Tensor W = null!, U = null!;
            public bool Training;

            [Differentiable]
            public Tensor Run(Tensor h0, Tensor[] xs)
            {
                var h = h0;
                for (int t = 0; t < xs.Length; t++)
                {
                    h = Ops.Tanh(Ops.Add(Ops.Linear(h, W), Ops.Linear(xs[t], U)));
                }
                if (Training) h = Ops.Relu(h);
                return Ops.Sum(h);
            }
        }
        public static partial class Functions
        {
            [Differentiable]
            public static Tensor Accumulate(Tensor x, [NoDerivative] Tensor w, int n)
            {
                var acc = Ops.Mul(x, w);
                for (int i = 1; i < n; i++) acc = Ops.Add(acc, Ops.Tanh(acc));
                return acc;
            }
        }
        """;

    /// <summary>Tensor programs: a loop overwriting tensors (the tensor tape), a branch, input gradients, a free function.</summary>
    [Theory]
    [InlineData("Rnn.Run.Derivatives.g.cs", "Demo.Rnn.Run(SourceAD.Tensors.Tensor,SourceAD.Tensors.Tensor[]).Derivatives.g.cs")]
    [InlineData("Functions.Accumulate.Derivatives.g.cs", "Demo.Functions.Accumulate(SourceAD.Tensors.Tensor,SourceAD.Tensors.Tensor,int).Derivatives.g.cs")]
    public void GeneratedTensorSourceMatchesSnapshot(string snapshot, string hint)
    {
        string actual = GeneratorHarness.GeneratedSource(TensorSource, hint).Replace("\r\n", "\n");
        string path = Path.Combine(SnapshotDirectory(), snapshot + ".txt");
        if (Environment.GetEnvironmentVariable("SOURCEAD_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run with SOURCEAD_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }

    [Fact]
    public void GeneratedCodeEmbedsThePolicyConstants()
    {
        string kinks = GeneratorHarness.GeneratedSource(Source, "Functions.Kinks(double,double).Derivatives.g.cs");
        // Hybrid(β = 0.25) over 2 tied entries: first gets (1 − β) + β/2 = 0.875, second β/2 = 0.125.
        Assert.Contains("0.875", kinks);
        Assert.Contains("0.125", kinks);
        Assert.Contains("Hybrid(β=0.25)", kinks);
    }

    private static string SnapshotDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.Combine(Path.GetDirectoryName(file)!, "Snapshots");
}
