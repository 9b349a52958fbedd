// entry: Materials.Laminate.Stiffness
// args: new double[] { 0.002, 0.003, 0.0025 }, 70.0
// expect: works
// Layers described by a struct with default member values and a thickness property in millimetres, stacked into a laminate.
using System;
using SourceAD;

namespace Materials;

public struct Layer
{
    public double Modulus = 200.0;
    public double Thickness = 0.001;
    public double PoissonRatio = 0.3;

    public Layer() { }

    public double ThicknessMm
    {
        readonly get => Thickness * 1000.0;
        set => Thickness = value / 1000.0;
    }
}

public static partial class Laminate
{
    /// <summary>Bending stiffness of a stack of layers (steel by default, the middle one replaced).</summary>
    [Differentiable]
    public static double Stiffness(double[] thicknesses, double coreModulus)
    {
        var layers = new Layer[thicknesses.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new Layer();
            layers[i].ThicknessMm = thicknesses[i] * 1000.0;
        }
        layers[layers.Length / 2].Modulus = coreModulus;
        double z = 0, d = 0;
        foreach (var layer in layers)
        {
            double top = z + layer.Thickness;
            d += layer.Modulus / (1 - layer.PoissonRatio * layer.PoissonRatio) * (top * top * top - z * z * z) / 3.0;
            z = top;
        }
        return d;
    }
}
