using MnistLeNet;
using SourceAD.Tensors;
using SourceAD.Tensors.Data;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>
/// The gradient the trainer uses (LeNet5.LossGradient: generated, or the stand-in until the generator supports tensors)
/// against central finite differences, and the max-pool tie choice of the variants on real digits.
/// </summary>
public class MnistLeNetGradientTests
{
    [Fact]
    public void LossGradientMatchesFiniteDifferencesAlongRandomDirections()
    {
        using var model = new LeNet5(seed: 3, DType.Float64);
        var rng = new SeededRandom(7);
        using Tensor x = TensorInit.Uniform([4, 1, 28, 28], 0, 1, rng, DType.Float64);
        int[] labels = [3, 1, 4, 1];

        Tensor[] gradients = model.LossAndGradients(x, labels, out double loss);
        try
        {
            using (Tensor primal = model.Loss(x, labels))
            {
                Assert.Equal(primal.Item(), loss);
            }
            for (int trial = 0; trial < 3; trial++)
            {
                double[][] direction = model.Parameters.Select(p => Enumerable.Range(0, p.Length).Select(_ => rng.Uniform(-1, 1)).ToArray()).ToArray();
                double directional = 0;
                for (int p = 0; p < gradients.Length; p++)
                {
                    double[] g = gradients[p].ToArray<double>();
                    directional += g.Select((v, i) => v * direction[p][i]).Sum();
                }
                // A small step keeps the probe from crossing a ReLU kink or a pooling switch; float64 keeps its rounding ~1e-9.
                const double h = 1e-7;
                double fd = (LossAt(model, x, labels, direction, h) - LossAt(model, x, labels, direction, -h)) / (2 * h);
                Assert.True(Math.Abs(fd - directional) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"trial {trial}: FD {fd} vs gradient {directional}");
            }
        }
        finally
        {
            foreach (Tensor g in gradients)
            {
                g.Dispose();
            }
        }
    }

    [Fact]
    public void MaxPoolTieChoiceChangesTheGradientOnRealDigitsButNotTheLoss()
    {
        // Real digits have large blank areas: first-layer pooling windows there are exact ties, where the choice matters.
        MnistDataset train = MnistIdx.LoadSplit(Path.Combine(AppContext.BaseDirectory, "Data"), train: true);
        (Tensor x, int[] labels) = train.Batch(Enumerable.Range(0, 16).ToArray());
        using (x)
        {
            using var native = new LeNet5(seed: 1);
            using var minimal = new LeNet5MinimalPool(seed: 1);
            Tensor[] gn = native.LossAndGradients(x, labels, out double ln);
            Tensor[] gm = minimal.LossAndGradients(x, labels, out double lm);
            Assert.Equal(ln, lm);
            Assert.NotEqual(gn[0].ToArray<float>(), gm[0].ToArray<float>()); // Conv1W: behind the first pooling layer
            Assert.Equal(gn[9].ToArray<float>(), gm[9].ToArray<float>());   // Fc3B: after every pooling layer
            foreach (Tensor t in gn.Concat(gm))
            {
                t.Dispose();
            }
        }
    }

    private static double LossAt(LeNet5 model, Tensor x, int[] labels, double[][] direction, double step)
    {
        Tensor[] p = model.Parameters;
        double[][] saved = p.Select(t => t.ToArray<double>()).ToArray();
        for (int i = 0; i < p.Length; i++)
        {
            Span<double> values = p[i].AsSpan<double>();
            for (int j = 0; j < values.Length; j++)
            {
                values[j] += step * direction[i][j];
            }
        }
        using Tensor loss = model.Loss(x, labels);
        double result = loss.Item();
        for (int i = 0; i < p.Length; i++)
        {
            saved[i].CopyTo(p[i].AsSpan<double>());
        }
        return result;
    }
}
