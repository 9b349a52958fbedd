using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Structs with member initializers and declared constructors (C# 10: <c>public double Stiffness = 40.0;</c> beside
/// <c>public SpringSpec() { … }</c>), and computed properties with setters (<c>set =&gt; Radius = value / 2</c>) written
/// by <c>=</c>, compound assignments, <c>++</c> and object initializers (corpus StructFieldInitializers and
/// SetterProperty were refused). Initializers run before the body of every declared constructor and not for a struct's
/// <c>new T()</c> without one; setters are inlined on the receiver's leaves. Each program is checked by the value
/// oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class StructInitializerSetterTests() : SourceProgramTests(Source, "Shapes")
{
    private const string Source = """
        using System;
        using SourceAD;

        public struct SpringSpec
        {
            public double Stiffness = 40.0;
            public double RestLength = 1.0;
            public double Damping;
            public int Coils { get; set; } = 3;
            public double Scale { get; set; } = Math.Sqrt(2.0);

            public SpringSpec() { Damping = 0.5 * Stiffness / 40.0; }
            public SpringSpec(double damping) { Damping = damping * RestLength; }
        }

        public struct Lazy
        {
            public double A = 2.0;
            public double B;
            public Lazy(double b) { B = b + A; }
        }

        public struct Disk
        {
            public double Radius;
            public int Grown;

            public double Diameter
            {
                readonly get => 2 * Radius;
                set { Radius = value / 2; Grown++; }
            }

            public double Area
            {
                readonly get => Math.PI * Radius * Radius;
                set => Radius = Math.Sqrt(value / Math.PI);
            }
        }

        public struct Holder
        {
            public Disk Inner;
            public double Extra = 0.25;
            public Holder() { Inner = new Disk { Diameter = 1.0 }; }
        }

        public static partial class Shapes
        {
            [Differentiable]
            public static double SpringEnergy(double[] x)
            {
                var spec = new SpringSpec();
                spec.Stiffness *= x[0];
                var other = new SpringSpec(x[1]);
                double d = spec.RestLength + x[2] - other.RestLength;
                return 0.5 * spec.Stiffness * d * d + spec.Damping * x[2] + other.Damping * spec.Coils + other.Scale * x[3];
            }

            [Differentiable]
            public static double DefaultSkipsInitializers(double[] x)
            {
                var zero = new Lazy();
                var built = new Lazy(x[0]);
                var copy = built with { B = built.B * x[1] };
                return zero.A + zero.B + built.A * built.B + copy.B;
            }

            [Differentiable]
            public static double SetterUpdates(double[] x)
            {
                var d = new Disk { Radius = x[0] };
                d.Diameter *= 1 + x[1];
                d.Diameter += x[2];
                d.Diameter++;
                d.Area = d.Area * x[3];
                d.Area -= 0.1;
                return Math.PI * d.Radius * d.Radius + d.Grown;
            }

            [Differentiable]
            public static double SetterInInitializerAndArray(double[] x)
            {
                var disks = new Disk[2];
                disks[0] = new Disk { Diameter = x[0], Area = x[1] + 1 };
                disks[1].Diameter = x[2];
                for (int i = 0; i < disks.Length; i++) disks[i].Diameter *= x[3];
                var h = new Holder();
                h.Inner.Area += x[0];
                return disks[0].Radius * disks[1].Radius + disks[0].Grown + h.Inner.Radius * h.Extra + h.Inner.Grown;
            }
        }
        """;

    [Theory]
    [InlineData("SpringEnergy", 4)]
    [InlineData("DefaultSkipsInitializers", 2)]
    [InlineData("SetterUpdates", 4)]
    [InlineData("SetterInInitializerAndArray", 4)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Theory]
    [InlineData("var p = new Pos(x[0]); return p.X + p.Y;", "initializers beside a primary constructor")]
    [InlineData("var w = new WriteOnly(); w.Twice = x[0]; return w.V;", "")]
    public void RefusedWithTheRewrite(string body, string expected)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public record struct Pos(double X)
            {
                public double Y { get; set; } = X * 2;
            }

            public struct WriteOnly
            {
                public double V;
                public double Twice { set => V = 2 * value; }
            }

            public static partial class Bad
            {
                [Differentiable]
                public static double F(double[] x) { {{body}} }
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        if (expected.Length == 0) Assert.Empty(refused);
        else Assert.Contains(refused, m => m.Contains(expected));
    }
}
