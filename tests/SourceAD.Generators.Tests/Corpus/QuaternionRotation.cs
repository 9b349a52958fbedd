// entry: Orientation.Rotor.AlignmentError
// args: 0.3f, 0.5f, -0.2f
// expect: refused
// Rotate a point by a quaternion built from yaw/pitch/roll (System.Numerics) and measure the distance to a target:
// refused at Vector3.Transform(v, Quaternion) with the list of built-in Vector3 members (gap: System.Numerics.Quaternion).
using System;
using System.Numerics;
using SourceAD;

namespace Orientation;

public static partial class Rotor
{
    /// <summary>Squared distance between the rotated point and a fixed target.</summary>
    [Differentiable]
    public static float AlignmentError(float yaw, float pitch, float roll)
    {
        Quaternion q = Quaternion.CreateFromYawPitchRoll(yaw, pitch, roll);
        Vector3 p = Vector3.Transform(new Vector3(1f, 0f, 0f), q);
        Vector3 target = new Vector3(0.8f, 0.5f, -0.2f);
        return Vector3.DistanceSquared(p, target);
    }
}
