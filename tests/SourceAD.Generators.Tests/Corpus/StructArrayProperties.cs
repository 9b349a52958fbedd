// entry: Mechanics.Truss.StrainEnergy
// args: 1.5, 0.2
// expect: works
using System;
using SourceAD;

namespace Mechanics;

public readonly record struct Node(double X, double Y);

public static partial class Truss
{
    private static double Length(Node a, Node b) => Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));

    /// <summary>Strain energy of a three-bar truss whose free node is displaced to (x, y).</summary>
    [Differentiable]
    public static double StrainEnergy(double x, double y)
    {
        Node[] anchors = { new(0, 0), new(2, 0), new(1, 2) };
        var free = new Node(1 + x * 0.1, 1 + y * 0.1);
        var rest = new Node(1, 1);
        double energy = 0;
        foreach (Node anchor in anchors)
        {
            double l0 = Length(anchor, rest);
            double stretch = (Length(anchor, free) - l0) / l0;
            energy += 0.5 * 200.0 * stretch * stretch;
        }
        return energy;
    }
}
