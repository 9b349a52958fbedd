using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Nullable locals of a floating type as C# writes "none yet" (corpus NullableBest was refused):
/// <c>double? best = null; … if (best is null || v &gt; best) best = v; return best ?? 0;</c>, lowered as a flag and a value.
/// The programs use null, <c>.HasValue</c>, <c>.Value</c>, casts, <c>??</c>, <c>??=</c>, patterns, lifted arithmetic
/// (null in, null out) and lifted comparisons (false against null; <c>==</c> true for two nulls), with inputs that take
/// both the null and the value paths. Each is checked by the value oracle, finite differences and the dot-product test
/// (<see cref="ObjectiveChecks"/>). Nullable parameters, returns and arguments stay refused with the rewrite.
/// </summary>
public class NullableLocalTests() : SourceProgramTests(Source, "Nullables")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Nullables
        {
            [Differentiable]
            public static double BestAboveThreshold(double[] x)
            {
                double? best = null;
                foreach (double s in x)
                {
                    if (s < 0.7) continue;
                    double v = s * s - 0.7;
                    if (best is null || v > best) best = v;
                }
                return best ?? 0.0;
            }

            [Differentiable]
            public static double LiftedArithmetic(double[] x)
            {
                double? first = null, second = null;
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double? sum = first + second;            // null until both are set
                    total += sum.GetValueOrDefault() + (sum ?? -x[i]) * 0.5;
                    if (x[i] > 0.8) first = x[i] * 2; else if (first.HasValue) second = -first * x[i];
                    second ??= x[i] / 3;
                    if (first != null) total += first.Value * x[i];
                    if (first == second) total += 1;
                    double? scaled = x[i] > 1 ? first * 1.5 : null;
                    if (scaled is > 0.5 and < 4) total += (double)scaled;
                    if (scaled is double d) total -= d * 0.1;
                    scaled++;
                    total += scaled.GetValueOrDefault(x[i]);
                }
                return total;
            }

            [Differentiable]
            public static double RunningMinimum(double[] x)
            {
                double? low = null;
                double? previous = default;
                double acc = 0;
                foreach (double v in x)
                {
                    if (!low.HasValue || v < low.Value) low = v;
                    if (previous is { } p) acc += (v - p) * (v - p);
                    previous = v;
                    low *= 1.01;
                    acc += low < previous ? low.Value : 0.5 * previous!.Value;
                }
                double? f = x[0] * 0.5;
                return acc + (low ?? 0) * (previous ?? 1) + (f ?? 0);
            }

            [Differentiable]
            public static double SwitchOnNullable(double[] x)
            {
                double total = 0;
                double? last = null;
                for (int i = 0; i < x.Length; i++)
                {
                    total += last switch
                    {
                        null => x[i],
                        > 1.5 => last.Value * x[i],
                        double v => v - x[i],
                    };
                    last = i % 3 == 2 ? null : (last ?? 0) + x[i];
                    switch (last)
                    {
                        case null:
                            total *= 0.9;
                            break;
                        case 1.0:
                            total += 100;
                            break;
                        case < 1.2:
                            total += last.Value * last.Value;
                            break;
                        default:
                            total -= x[i];
                            break;
                    }
                }
                return total;
            }
        }
        """;

    [Theory]
    [InlineData("BestAboveThreshold", 6)]
    [InlineData("LiftedArithmetic", 8)]
    [InlineData("RunningMinimum", 6)]
    [InlineData("SwitchOnNullable", 7)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Theory]
    [InlineData("double? m = null; if (x[0] > 1) m = x[0]; return Helper(m);", "Using the nullable value 'm' here")]
    [InlineData("int? k = null; if (x[0] > 1) k = 2; return x[0] * (k ?? 1);", "The nullable local 'k'")]
    [InlineData("double? m = x[0]; m = Maybe(x[1]); return m ?? 0;", "The nullable value 'Maybe(x[1])'")]
    public void RefusedWithTheRewrite(string body, string expected)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public static partial class Bad
            {
                private static double Helper(double? v) => v ?? 0;
                private static double? Maybe(double v) => v > 0 ? v : null;

                [Differentiable]
                public static double F(double[] x) { {{body}} }
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(expected) && m.Contains("bool"));
    }
}
