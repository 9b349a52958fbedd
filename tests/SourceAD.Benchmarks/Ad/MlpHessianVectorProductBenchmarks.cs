using BenchmarkDotNet.Attributes;
using SourceAD.Tests.Programs;

namespace SourceAD.Benchmarks.Ad;

/// <summary>
/// Time(MlpHessianVectorProduct)/Time(MlpGradient) of the scalar-loop 2-layer tanh MLP (<c>P.Mlp</c>, the sizes of
/// <see cref="ScalarMlpBenchmarks"/>: 64 inputs, 256 hidden units) is the Ratio column (gradient = baseline); the issue's
/// target is ≤ 3. The direction covers every differentiable input (both weight matrices, the biases and the target).
/// </summary>
[MemoryDiagnoser, ShortRunJob]
public class MlpHessianVectorProductBenchmarks
{
    private MlpHvpCase _c = null!;

    [GlobalSetup]
    public void Setup() => _c = new MlpHvpCase();

    [Benchmark(Baseline = true)]
    public double MlpGradient() => _c.Gradient();

    [Benchmark]
    public double MlpHvp() => _c.HessianVectorProduct();
}

/// <summary>The MLP's inputs and direction for the HVP benchmarks (BenchmarkDotNet's and <see cref="HvpInterleavedRun"/>).</summary>
public sealed class MlpHvpCase
{
    public const int Inputs = 64, Hidden = 256;
    private readonly double[] _w1, _b1, _w2, _input, _vw1, _vb1, _vw2;

    public MlpHvpCase()
    {
        var rng = new Random(3);
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * 0.2).ToArray();
        (_w1, _b1, _w2, _input) = (R(Hidden * Inputs), R(Hidden), R(Hidden), R(Inputs));
        (_vw1, _vb1, _vw2) = (R(Hidden * Inputs), R(Hidden), R(Hidden));
    }

    public double Gradient() => P.MlpGradient(_w1, _b1, _w2, 0.1, _input, 0.5, Hidden).Value;

    public double HessianVectorProduct() =>
        P.MlpHessianVectorProduct(_w1, _b1, _w2, 0.1, _input, 0.5, Hidden, _vw1, _vb1, _vw2, 0.3, -0.2).Value;
}
