// entry: Kinematics.Frames.Transform
// args: new double[] { 0.5, -1.0, 2.0, 0.25, -0.75, 1.5 }, new double[] { 0.3, 1.5, -0.2 }, new double[6]
// expect: works
using System;
using SourceAD;

namespace Kinematics;

/// <summary>Points rotated and scaled row by row: a vector-output helper writing slices of the caller's array.</summary>
public static partial class Frames
{
    [Differentiable]
    public static void Rotate(ReadOnlySpan<double> p, double angle, double scale, Span<double> output)
    {
        double c = Math.Cos(angle);
        double s = Math.Sin(angle);
        output[0] = scale * (c * p[0] - s * p[1]);
        output[1] = scale * (s * p[0] + c * p[1]);
    }

    /// <summary>The helper's own helper, on a slice of its own parameter.</summary>
    [Differentiable]
    public static double Spread(ReadOnlySpan<double> pose) => Dot(pose.Slice(1, 2), pose.Slice(0, 2));

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Differentiable]
    public static void Transform(ReadOnlySpan<double> points, ReadOnlySpan<double> pose, Span<double> output)
    {
        int count = points.Length / 2;
        double[] rows = new double[points.Length];
        for (int i = 0; i < count; i++)
        {
            Rotate(points.Slice(2 * i, 2), pose[0] + 0.1 * i, pose[1] + pose[2] * Spread(pose), rows.AsSpan(2 * i, 2));
        }
        for (int j = 0; j < output.Length; j++) output[j] = rows[j] * rows[j];
    }
}
