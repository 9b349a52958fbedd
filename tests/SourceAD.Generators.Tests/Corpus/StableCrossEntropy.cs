// entry: Learning.Losses.CrossEntropy
// args: new double[] { 0.3, -1.2, 2.0, 0.7, 1.5 }, 2
// expect: works
using System;
using System.Linq;
using SourceAD;

namespace Learning;

public static partial class Losses
{
    /// <summary>Cross-entropy of one label against logits, through a stable log-sum-exp.</summary>
    [Differentiable]
    public static double CrossEntropy(double[] logits, int label)
    {
        double m = logits.Max();
        double lse = m + Math.Log(logits.Select(z => Math.Exp(z - m)).Sum());
        return lse - logits[label];
    }
}
