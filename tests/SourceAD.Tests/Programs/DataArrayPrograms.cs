namespace SourceAD.Tests.Programs;

/// <summary>Logistic regression as a class would hold it: jagged features and labels in fields, read as data.</summary>
public partial class LogisticRegression(double[][] features, int[] labels)
{
    private readonly double[][] _features = features;

    public int[] Labels { get; } = labels;

    [Differentiable]
    public double Loss(double[] w, double bias)
    {
        double loss = 0;
        for (int n = 0; n < _features.Length; n++)
        {
            double z = bias;
            for (int j = 0; j < _features[n].Length; j++) z += w[j] * _features[n][j];
            double y = Labels[n];
            loss += Math.Log(1 + Math.Exp(-z)) + (1 - y) * z;
        }
        return loss / _features.Length;
    }
}

/// <summary>A rectangular static table with GetLength and Rank, read as data.</summary>
public static partial class DataTables
{
    private static readonly double[,] Weights = { { 1.0, -0.5, 0.25 }, { 0.3, 2.0, -1.2 } };

    [Differentiable]
    public static double Bilinear(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < Weights.GetLength(0); i++)
        {
            for (int j = 0; j < Weights.GetLength(1); j++) s += Weights[i, j] * x[i] * y[j] * Weights.Rank;
        }
        return s;
    }
}
