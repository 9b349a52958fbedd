// entry: Physics.Bounce.Height
// args: 10.0, 0.8, 0.05
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Bounce
{
    /// <summary>Total distance travelled by a ball bouncing with restitution e until bounces are lower than minHeight.</summary>
    [Differentiable]
    public static double Height(double dropHeight, double restitution, double minHeight)
    {
        double distance = dropHeight;
        double h = dropHeight;
        int bounces = 0;
        while (true)
        {
            h *= restitution * restitution;
            if (h < minHeight) break;
            distance += 2 * h;
            bounces++;
            if (bounces > 1000) break;
        }
        return distance;
    }
}
