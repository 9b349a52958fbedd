// entry: Physics.Ground.ReactionForce
// args: new double[] { 0.05, -0.02, 0.3, -0.1 }, new double[] { -1.0, 0.5, -0.2, 0.8 }, 1000.0, 30.0
// expect: works
using SourceAD;

namespace Physics;

public static partial class Ground
{
    /// <summary>Total penalty-based ground reaction of a set of contact points (heights, vertical velocities).</summary>
    [Differentiable]
    public static double ReactionForce(double[] heights, double[] velocities, double stiffness, double damping)
    {
        double total = 0;
        for (int i = 0; i < heights.Length; i++)
        {
            bool penetrating = heights[i] < 0;
            bool approaching = velocities[i] < 0;
            if (!penetrating) continue;
            double force = -stiffness * heights[i];
            if (approaching) force -= damping * velocities[i];
            total += force;
        }
        return total;
    }
}
