using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Arrays of structs written with an initializer, as most code writes small fixed sets: <c>Node[] anchors = { new(0,
/// 0), new(x[0], 1) }</c>, <c>new Node[] { … }</c> and the collection expression <c>[ … ]</c>, with elements that
/// depend on the inputs. They were refused ("This array of structs is not supported"; corpus StructArrayProperties).
/// Checked by the value oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>).
/// </summary>
public class StructArrayInitializerTests() : SourceProgramTests(Source, "Structures")
{
    private const string Source = """
        using System;
        using SourceAD;

        public readonly record struct Node(double X, double Y);

        public struct Spring { public Node A; public double K; }

        public static partial class Structures
        {
            [Differentiable]
            public static double Braces(double[] x)
            {
                Node[] nodes = { new(0, 0), new(x[0], 1), new(x[1] * x[2], Math.Sin(x[0])) };
                double e = 0;
                foreach (Node n in nodes) e += n.X * n.X + n.Y * x[2];
                return e;
            }

            [Differentiable]
            public static double Explicit(double[] x)
            {
                var springs = new Spring[] { new Spring { A = new Node(x[0], x[1]), K = 2 }, new Spring { A = new Node(1, x[2]), K = x[0] } };
                double e = 0;
                for (int i = 0; i < springs.Length; i++) e += 0.5 * springs[i].K * (springs[i].A.X * springs[i].A.X + springs[i].A.Y * springs[i].A.Y);
                return e;
            }

            [Differentiable]
            public static double CollectionExpression(double[] x)
            {
                Node[] path = [new(x[0], x[1]), new(x[1], x[2]), new(x[2], x[0])];
                double length = 0;
                for (int i = 1; i < path.Length; i++)
                {
                    double dx = path[i].X - path[i - 1].X, dy = path[i].Y - path[i - 1].Y;
                    length += Math.Sqrt(dx * dx + dy * dy + 0.01);
                }
                return length;
            }
        }
        """;

    [Theory]
    [InlineData("Braces")]
    [InlineData("Explicit")]
    [InlineData("CollectionExpression")]
    public void BothModes(string name) => ObjectiveChecks.BothModes(Program, name, 3);
}
