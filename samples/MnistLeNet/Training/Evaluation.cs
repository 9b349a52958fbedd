using SourceAD.Tensors;
using SourceAD.Tensors.Data;

namespace MnistLeNet.Training;

/// <summary>Test-set evaluation shared by the samples: mean cross-entropy and top-1 accuracy over 10 classes.</summary>
public static class Evaluation
{
    private const int Batch = 1000;

    /// <summary>Mean cross-entropy and accuracy of <paramref name="logits"/> (a network's forward pass) on <paramref name="set"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(MnistDataset set, DType dtype, Func<Tensor, Tensor> logits)
    {
        double lossSum = 0;
        int correct = 0;
        for (int first = 0; first < set.Count; first += Batch)
        {
            int[] indices = Enumerable.Range(first, Math.Min(Batch, set.Count - first)).ToArray();
            (Tensor x, int[] labels) = set.Batch(indices, dtype);
            using (x)
            using (Tensor z = logits(x))
            using (Tensor loss = Ops.CrossEntropy(z, labels))
            {
                lossSum += loss.Item() * indices.Length;
                double[] values = z.ToDoubleArray();
                for (int i = 0; i < indices.Length; i++)
                {
                    ReadOnlySpan<double> row = values.AsSpan(i * 10, 10);
                    int best = 0;
                    for (int k = 1; k < 10; k++)
                    {
                        best = row[k] > row[best] ? k : best;
                    }
                    correct += best == labels[i] ? 1 : 0;
                }
            }
        }
        return (lossSum / set.Count, (double)correct / set.Count);
    }
}
