// entry: Physics.Systems.TotalEnergy
// args: new Physics.Systems.Body[] { new() { Position = new(0.0, 1.0, 0.5), Velocity = new(0.3, -0.2, 0.1), Mass = 2.0, Id = 1 }, new() { Position = new(1.5, 0.2, -0.4), Velocity = new(-0.1, 0.4, 0.2), Mass = 0.5, Id = 2 } }, 0.8
// expect: works
using System;
using SourceAD;

namespace Physics;

public static partial class Systems
{
    public struct Vector
    {
        public double X, Y, Z;

        public Vector(double x, double y, double z)
        {
            X = x;
            Y = y;
            Z = z;
        }

        public double SquaredLength => X * X + Y * Y + Z * Z;

        public static Vector operator -(Vector a, Vector b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
        public static Vector operator *(double s, Vector v) => new(s * v.X, s * v.Y, s * v.Z);
    }

    public struct Body
    {
        public Vector Position;
        public Vector Velocity;
        public double Mass;
        public int Id;

        public double Kinetic() => 0.5 * Mass * Velocity.SquaredLength;
    }

    /// <summary>Kinetic energy plus a soft pairwise potential, with the first body nudged along x first.</summary>
    [Differentiable]
    public static double TotalEnergy(Body[] bodies, double softening)
    {
        double energy = 0;
        foreach (Body b in bodies)
        {
            Body moved = b;
            if (moved.Id == 1) moved.Position.X += 0.1;
            energy += moved.Kinetic();
        }
        for (int i = 0; i < bodies.Length; i++)
        {
            for (int j = i + 1; j < bodies.Length; j++)
            {
                Vector d = bodies[i].Position - bodies[j].Position;
                energy -= bodies[i].Mass * bodies[j].Mass / Math.Sqrt(d.SquaredLength + softening * softening);
            }
        }
        return energy;
    }
}
