using System.Text;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// Thesis Figure 2.1: ReLU MLPs of depth 1–20 and several widths, written as [Differentiable] methods with scalar loops
/// over double[] weights. ω_b must not change with depth or width, and the counted pullback/primal ratio stays ≤ 5.
/// </summary>
public class CostFigure21Tests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static readonly int[] Depths = Enumerable.Range(1, 20).ToArray();
    public static readonly int[] Widths = { 2, 8, 32, 128 };

    /// <summary>An MLP with <paramref name="depth"/> hidden ReLU layers of <paramref name="width"/> units and a linear read-out.</summary>
    public static string Mlp(int depth, int width)
    {
        var sb = new StringBuilder();
        string weights = string.Join(", ", Enumerable.Range(1, depth).Select(l => $"double[] w{l}, double[] b{l}"));
        sb.Append($"[Differentiable]\npublic static double Mlp{depth}x{width}(double[] x, {weights}, double[] v)\n{{\n");
        sb.Append($"    int d = x.Length;\n");
        string input = "x", size = "d";
        for (int l = 1; l <= depth; l++)
        {
            sb.Append($"    var h{l} = new double[{width}];\n");
            sb.Append($"    for (int i = 0; i < {width}; i++)\n    {{\n");
            sb.Append($"        double z = b{l}[i];\n");
            sb.Append($"        for (int j = 0; j < {size}; j++) z += w{l}[i * {size} + j] * {input}[j];\n");
            sb.Append($"        h{l}[i] = Nonsmooth.Relu(z);\n    }}\n");
            input = "h" + l;
            size = width.ToString();
        }
        sb.Append($"    double y = 0;\n    for (int i = 0; i < {width}; i++) y += v[i] * {input}[i];\n    return y;\n}}\n");
        return sb.ToString();
    }

    [Fact]
    public void OmegaBIsIndependentOfDepthAndWidth()
    {
        var source = new StringBuilder();
        foreach (int depth in Depths)
        {
            foreach (int width in Widths) source.Append(Mlp(depth, width));
        }
        var models = CostHarness.Models(CostHarness.Class(source.ToString()));
        Assert.Equal(Depths.Length * Widths.Length, models.Count);
        var omegas = new HashSet<double>();
        foreach (var (name, model) in models)
        {
            var f = SourceAD.Generators.Cost.CostAnalysis.Analyze(model, SourceAD.Generators.Cost.CostModel.Unit);
            omegas.Add(f.OmegaB);
            output.WriteLine($"{name}: ω_b = {f.OmegaB}, counted ratio = {f.Ratio:F3}, cost(P) = {f.Primal}, pullback = {f.Pullback}, tape = {f.Tape}");
            Assert.NotNull(f.Ratio);
            Assert.True(f.Ratio <= 5, $"{name}: counted ratio {f.Ratio} > 5: {f.Message()}");
            Assert.True(f.Ratio <= f.OmegaB, $"{name}: {f.Message()}");
            Assert.False(f.ExceedsBound, f.Message());
        }
        Assert.Equal(new HashSet<double> { 5 }, omegas);
    }

    [Fact]
    public void CostGrowsWithTheInputSizeSymbol()
    {
        var f = CostHarness.Analyze(CostHarness.Class(Mlp(2, 4)), "Mlp2x4");
        // Layer 1 reads d inputs per unit: 4 units · d · (× and +); the rest is constant.
        Assert.Contains("8·d", f.Primal.ToString());
        Assert.Equal(new[] { "d" }, f.Primal.Symbols.ToArray());
    }
}
