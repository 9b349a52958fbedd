// entry: Audio.Clip.Soft
// args: 0.7f, 1.5f
// expect: works
using System;
using SourceAD;

namespace Audio;

public static partial class Clip
{
    /// <summary>A soft clipper in single precision with MathF.</summary>
    [Differentiable]
    public static float Soft(float x, float t) => t * MathF.Tanh(x / t) + 0.01f * MathF.Exp(-x * x);
}
