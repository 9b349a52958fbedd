// entry: Physics.Bodies.EnergyAfterKick
// args: new Physics.Body(1.0, 0.5, 2.0), 0.3
// expect: works
using SourceAD;

namespace Physics;

public record struct Body(double Position, double Velocity, double Mass);

public static partial class Bodies
{
    /// <summary>Total energy in a harmonic well after an impulse changes the velocity.</summary>
    [Differentiable]
    public static double EnergyAfterKick(Body body, double impulse)
    {
        Body kicked = body with { Velocity = body.Velocity + impulse / body.Mass };
        return 0.5 * kicked.Mass * kicked.Velocity * kicked.Velocity + 0.5 * kicked.Position * kicked.Position;
    }
}
