// entry: Optics.Layers.LateralShift
// args: 0.5, new double[] { 1.33, 1.52, 1.1 }, new double[] { 2.0, 0.5, 1.0 }
// expect: works
// A ray through stacked slabs: Snell's law at each interface, and the lateral shift accumulated in each slab.
using System;
using SourceAD;

namespace Optics;

public static partial class Layers
{
    [Differentiable]
    public static double LateralShift(double incidence, double[] indices, double[] thickness)
    {
        double n1 = 1.0, angle = incidence, shift = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            double sinT = n1 * Math.Sin(angle) / indices[i];
            if (sinT >= 1) return double.PositiveInfinity; // total internal reflection
            angle = Math.Asin(sinT);
            shift += thickness[i] * Math.Tan(angle);
            n1 = indices[i];
        }
        return shift;
    }
}
