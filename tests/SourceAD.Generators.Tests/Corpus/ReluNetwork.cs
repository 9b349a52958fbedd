// entry: ML.Relu.Score
// args: new double[] { 0.5, -0.3, 0.8, 0.1, -0.6, 0.4 }, new double[] { 1.0, -0.5, 0.7 }
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Relu
{
    /// <summary>2→3→1 ReLU network with weights packed in one array.</summary>
    [Differentiable]
    public static double Score(double[] hiddenWeights, double[] outputWeights)
    {
        double x0 = 1.0, x1 = -2.0;
        double score = 0;
        for (int h = 0; h < 3; h++)
        {
            double z = hiddenWeights[2 * h] * x0 + hiddenWeights[2 * h + 1] * x1;
            score += outputWeights[h] * Math.Max(0, z);
        }
        return score;
    }
}
