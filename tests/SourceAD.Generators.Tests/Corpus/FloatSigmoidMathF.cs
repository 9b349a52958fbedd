// entry: ML.FloatLogistic.Loss
// args: new float[] { 0.5f, -1.2f, 2.0f }, new float[] { 1f, 0f, 1f }, 0.3f
// expect: works
using System;
using SourceAD;

namespace ML;

public static partial class FloatLogistic
{
    private static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>Binary cross-entropy of a one-weight logistic model, in float as game and graphics code writes it.</summary>
    [Differentiable]
    public static float Loss(float[] x, float[] label, float w)
    {
        float loss = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            float p = Sigmoid(w * x[i]);
            p = Math.Clamp(p, 1e-6f, 1f - 1e-6f);
            loss -= label[i] * MathF.Log(p) + (1f - label[i]) * MathF.Log(1f - p);
        }
        return loss / x.Length;
    }
}
