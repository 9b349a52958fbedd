// entry: Physics.Particle.KineticEnergy
// args: new double[] { 1.5, -0.5, 2.0 }
// receiver: new Physics.Particle(2.5)
// expect: works
using SourceAD;

namespace Physics;

public readonly partial struct Particle
{
    public double Mass { get; }

    public Particle(double mass) => Mass = mass;

    [Differentiable]
    public double KineticEnergy(double[] velocity)
    {
        double v2 = 0;
        for (int i = 0; i < velocity.Length; i++) v2 += velocity[i] * velocity[i];
        return 0.5 * Mass * v2;
    }
}
