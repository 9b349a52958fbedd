// entry: Particles.Simulation.SpreadAfterSteps
// args: new System.Numerics.Vector2[] { new(0.5f, 1.0f), new(-0.25f, 0.75f), new(1.5f, -0.5f) }, new System.Numerics.Vector2[] { new(0.1f, 0.2f), new(0.3f, -0.1f), new(-0.2f, 0.05f) }, 0.1
// expect: works
using System;
using System.Numerics;
using SourceAD;

namespace Particles;

public static partial class Simulation
{
    private static readonly Vector2 Gravity = new(0f, -9.81f);

    /// <summary>Mean distance of the particles from their centroid after a few explicit Euler steps under gravity and drag.</summary>
    [Differentiable]
    public static double SpreadAfterSteps(Vector2[] positions, Vector2[] velocities, double dt)
    {
        int n = positions.Length;
        var p = new Vector2[n];
        var v = new Vector2[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = positions[i];
            v[i] = velocities[i];
        }

        float step = (float)dt;
        for (int s = 0; s < 4; s++)
        {
            for (int i = 0; i < n; i++)
            {
                Vector2 drag = -0.5f * v[i] * v[i].Length();
                v[i] += (Gravity + drag) * step;
                p[i] += v[i] * step;
            }
        }

        Vector2 centroid = Vector2.Zero;
        foreach (Vector2 q in p) centroid += q;
        centroid /= n;

        double spread = 0;
        foreach (Vector2 q in p) spread += Vector2.Distance(q, centroid);
        return spread / n;
    }
}
