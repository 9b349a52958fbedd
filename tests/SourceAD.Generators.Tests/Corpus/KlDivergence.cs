// entry: ML.Divergences.KlFromLogits
// args: new double[] { 0.2, 1.0, -0.5 }, new double[] { 0.1, 0.7, 0.2 }
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class Divergences
{
    /// <summary>KL(p ‖ softmax(logits)) for a fixed distribution p.</summary>
    [Differentiable]
    public static double KlFromLogits(double[] logits, [NoDerivative] double[] p)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > max) max = logits[i];
        double z = 0;
        for (int i = 0; i < logits.Length; i++) z += Math.Exp(logits[i] - max);
        double logZ = Math.Log(z) + max;

        double kl = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0) continue;
            double logQ = logits[i] - logZ;
            kl += p[i] * (Math.Log(p[i]) - logQ);
        }
        return kl;
    }
}
