using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Positional patterns on tuples (<c>(a &gt; 0, b &gt; 0) switch { (true, _) =&gt; … }</c>) and property patterns on structs
/// and records (<c>s is { Level: &gt; 0.5 }</c>, <c>s switch { { Noise: &gt; 1 } =&gt; … }</c>), lowered to conditions on the
/// subject's elements and leaves (corpus TupleSwitchPattern and PropertyPatterns were refused). Each program loops over
/// shifted inputs so that every arm is taken at the test point, and is checked by the value oracle, finite differences
/// and the dot-product test (<see cref="ObjectiveChecks"/>). Computed properties, user-written Deconstruct methods and
/// type tests stay refused with the rewrite.
/// </summary>
public class RecursivePatternTests() : SourceProgramTests(Source, "Patterns")
{
    private const string Source = """
        using System;
        using SourceAD;

        public readonly record struct Signal(double Level, double Noise);

        public struct Segment
        {
            public Signal Start;
            public double Weight;
        }

        public sealed record Reading(double Value, int Kind);

        public static partial class Patterns
        {
            [Differentiable]
            public static double TupleOfSigns(double[] x)
            {
                double total = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double e = x[i] - 0.8, r = x[i + 1] - 0.8;
                    total += (e > 0, r > 0) switch
                    {
                        (true, true) => e * r + 1,
                        (true, false) => e - r * 0.5,
                        (false, true) => Math.Tanh(e + r),
                        _ => -e * e,
                    };
                }
                return total;
            }

            [Differentiable]
            public static double TupleOfValues(double[] x)
            {
                double total = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    var p = (A: x[i] - 0.8, B: x[i + 1] * 2);
                    total += p switch
                    {
                        (> 0.2, _) when p.B > 1.5 => p.A * p.B,
                        (< -0.2 or > 0.4, var b) => b * b,
                        (var a, > 1) => Math.Exp(a) - 1,
                        var (a, b) => a - b,
                    };
                    if (p is (> 0, < 2)) total += p.A;
                    if ((x[i], i) is (> 0.9, 2 or 3)) total *= x[i];
                }
                return total;
            }

            [Differentiable]
            public static double PropertyPatterns(double[] x)
            {
                double total = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    var s = new Signal(x[i] - 0.3, x[i + 1] * 1.5);
                    if (s is { Level: > 0.5, Noise: < 0.9 }) { total += s.Level * s.Level - s.Noise; continue; }
                    total += s switch
                    {
                        { Noise: > 1.6 } => 0.25,
                        { Level: < 0.2 } => -s.Level * s.Noise,
                        (> 0.3, var n) => Math.Sin(n),
                        _ => s.Level * (1 - s.Noise),
                    };
                }
                return total;
            }

            [Differentiable]
            public static double NestedMembers(double[] x)
            {
                double total = 0;
                for (int i = 0; i + 2 < x.Length; i++)
                {
                    var seg = new Segment { Start = new Signal(x[i], x[i + 1]), Weight = x[i + 2] };
                    total += seg switch
                    {
                        { Start.Level: > 0.9, Weight: > 0.6 } => seg.Weight * seg.Start.Noise,
                        { Start: { Noise: < 0.7 } start } => start.Level + start.Noise * seg.Weight,
                        { Start: (var l, _) } => l * l * seg.Weight,
                    };
                    if (seg is { Start: var first } && first.Level > seg.Weight) total += first.Level;
                }
                return total;
            }

            [Differentiable]
            public static double RecordKinds(double[] x)
            {
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    var reading = new Reading(x[i] * 2 - 1, i % 3);
                    switch (reading)
                    {
                        case { Kind: 0, Value: > 0 }:
                            total += reading.Value * reading.Value;
                            break;
                        case { Kind: 1 } r when r.Value < 0.5:
                            total -= Math.Cos(r.Value);
                            break;
                        case (var v, 2):
                            total += 3 * v;
                            break;
                        default:
                            total += 0.5 * reading.Value;
                            break;
                    }
                }
                return total;
            }
        }
        """;

    [Theory]
    [InlineData("TupleOfSigns", 9)]
    [InlineData("TupleOfValues", 9)]
    [InlineData("PropertyPatterns", 9)]
    [InlineData("NestedMembers", 9)]
    [InlineData("RecordKinds", 9)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Theory]
    [InlineData("var d = new Disk { R = x[0] }; return d is { Area: > 1 } ? x[0] : 0;", "The property pattern on the computed property 'Area'")]
    [InlineData("var d = new Disk { R = x[0] }; return d is (> 1, _) ? x[0] : 0;", "The positional pattern")]
    [InlineData("var d = new Disk { R = x[0], Label = \"a\" }; return d is { Label.Length: > 0 } ? x[0] : 0;", "The pattern 'Label")]
    public void RefusedWithTheRewrite(string body, string expected)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public struct Disk
            {
                public double R;
                public string Label;
                public double Area => Math.PI * R * R;
                public void Deconstruct(out double r, out double a) { r = R; a = Area; }
            }

            public static partial class Bad
            {
                [Differentiable]
                public static double F(double[] x) { {{body}} }
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(expected));
    }
}
