using System.Reflection;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Switch expressions and <c>?:</c> whose arms are tuples (corpus SwitchTupleAssign was refused): deconstructed into new
/// or existing locals (<c>(a, b) = c switch { _ =&gt; (b, a) }</c> swaps, as C# computes the whole arm before assigning),
/// held in a tuple local and read by element, read directly (<c>(c ? p : q).Item2</c>), inside loops, with arms that are
/// literals, tuple locals, <c>Math.SinCos</c>, calls of tuple-returning helpers, nested choices and throws; elements
/// floating, float, int and bool. Each method is checked by the value oracle, finite differences and the dot-product
/// test (<see cref="ObjectiveChecks"/>); a throwing arm throws the user's exception from the generated code.
/// </summary>
public class TupleChoiceTests() : SourceProgramTests(Source, "Choices")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Choices
        {
            private static (double Lo, double Hi) Ordered(double p, double q) => p < q ? (p, q) : (q, p);

            private static (double Value, bool Clipped) Clip(double v, double limit)
            {
                if (v > limit) return (limit, true);
                if (v < -limit) return (-limit, true);
                return (v, false);
            }

            private static (double Re, double Im) Rotate(double re, double im, int quadrant)
            {
                return quadrant switch
                {
                    0 => (re, im),
                    1 => (-im, re),
                    2 => (-re, -im),
                    _ => (im, -re),
                };
            }

            [Differentiable]
            public static double ShoelaceByMode(double[] x)
            {
                int n = x.Length / 2;
                double area = 0;
                for (int i = 0; i < n; i++)
                {
                    int j = (i + 1) % n;
                    (double a, double b) = (i % 3) switch
                    {
                        0 => (x[i] * x[n + j], x[j] * x[n + i]),
                        1 => (Math.Sin(x[i]) * x[n + j], x[j] * x[j]),
                        _ => (x[j] * x[n + i], x[i] * x[n + j]),
                    };
                    area += a - b;
                }
                return 0.5 * area;
            }

            [Differentiable]
            public static double SwapsInALoop(double[] x)
            {
                double a = x[0], b = x[1];
                for (int i = 2; i < x.Length; i++)
                {
                    // Every arm reads a target it writes: C# computes the whole arm first.
                    (a, b) = x[i] switch
                    {
                        > 1.0 => (b, a * x[i]),
                        var v when v > a => (a + v * b, a),
                        _ => (b * x[i] - a, a / x[i]),
                    };
                    (b, a) = i % 2 == 0 ? (a, b) : (a * b, b - a);
                }
                return a * 3 + b;
            }

            [Differentiable]
            public static double ConditionalForms(double[] x)
            {
                double total = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    var (s, c) = x[i] > x[i - 1] ? (x[i], Math.Cos(x[i])) : Math.SinCos(x[i - 1]);
                    var t = s > c ? (s, c) : (c * 2, s);
                    total += t.Item1 * t.Item2 + (x[i] < 0.8 ? (s, x[i]) : (x[i - 1], c)).Item2;
                    total += (i switch { 1 => (p: s, q: c), _ => (p: c, q: x[i]) }).q;
                }
                return total;
            }

            [Differentiable]
            public static double MixedElements(double[] x)
            {
                double total = 0;
                int k0 = 0;
                foreach (double v in x)
                {
                    k0++;
                    (double w, int k, bool flip, float f) = v switch
                    {
                        < 0.5 => (v, 1, true, 0.25f),
                        < 1.0 => (v * 2, 2, false, 0.5f),
                        _ => (1, 3, v > 1.2, (float)k0),
                    };
                    total += (flip ? -w : w) * k + f * w;
                }
                return total;
            }

            [Differentiable]
            public static double HelpersAndLocals(double[] x)
            {
                var previous = (Lo: x[0], Hi: x[1]);
                double total = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    var range = (i % 3) switch
                    {
                        0 => Ordered(x[i], x[i + 1]),
                        1 => previous,
                        _ => (Lo: previous.Hi, Hi: previous.Lo * x[i]),
                    };
                    total += range.Hi - range.Lo * range.Lo;
                    previous = x[i] > 0.9 ? (previous.Hi, previous.Lo) : range;
                    var (re, im) = Rotate(range.Lo, range.Hi, i % 4);
                    total += re * x[i] - im;
                }
                return total + previous.Lo * previous.Hi;
            }

            [Differentiable]
            public static double NestedChoices(double[] x)
            {
                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    var (u, v) = x[i] < 0.9
                        ? (i % 2) switch { 0 => (x[i], x[i] * x[i]), _ => Ordered(x[i], 0.7) }
                        : (x[i] > 1.1 ? (Math.Exp(x[i]), 1.0) : (1.0, Math.Log(x[i])));
                    total += u * v;
                    (double w, bool clipped) = (i % 3) switch
                    {
                        0 => Clip(u * 3 - v, 1.2),
                        1 => default,
                        _ => (v, u > 1.0),
                    };
                    total += clipped ? w * 0.5 : w;
                }
                return total;
            }

            [Differentiable]
            public static double ArraysPatternsAndLocalFunctions(double[] x)
            {
                var pts = new (double X, double Y)[x.Length];
                pts[0] = (x[0], x[1]);
                double total = 0;
                for (int i = 1; i < x.Length; i++)
                {
                    // An element of a local tuple array, and a choice reading the element it replaces.
                    pts[i] = x[i] > 0.8 ? (x[i], 1.0) : (pts[i - 1].Y, pts[i - 1].X * x[i]);
                    pts[i - 1] = (i % 2) switch { 0 => (pts[i - 1].Y, pts[i - 1].X), _ => pts[i] };
                    total += (x[i] > 0.7 ? (x[i], 1) : (0.5, 2)) switch
                    {
                        (> 0.9, _) => pts[i].X * x[i],
                        (_, 2) => pts[i].Y,
                        var (v, k) => v * k,
                    };
                    var (p, q) = Split(x[i] * pts[i - 1].X);
                    total += p - q * q;
                }
                return total + pts[x.Length - 1].X * pts[0].Y;

                static (double Above, double Below) Split(double v) => v switch
                {
                    var w when Math.Sin(w) > 0.6 => (w, 0.0),
                    _ => (0.0, v),
                };
            }

            [Differentiable]
            public static double Throwing(double[] x)
            {
                var (p, q) = (x.Length % 3) switch
                {
                    0 => (x[0], x[1]),
                    1 => (x[1], x[0] * x[2]),
                    _ => throw new ArgumentException("length must not be 2 mod 3", nameof(x)),
                };
                var (u, w) = p > 0 ? (p * q, p - q) : throw new InvalidOperationException("p");
                return u + w * x[x.Length - 1];
            }
        }
        """;

    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    [Theory]
    [InlineData("ShoelaceByMode", 8)]
    [InlineData("SwapsInALoop", 7)]
    [InlineData("ConditionalForms", 8)]
    [InlineData("MixedElements", 9)]
    [InlineData("HelpersAndLocals", 9)]
    [InlineData("NestedChoices", 9)]
    [InlineData("ArraysPatternsAndLocalFunctions", 9)]
    [InlineData("Throwing", 6)]
    [InlineData("Throwing", 4)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void AThrowingArmThrowsTheUsersException()
    {
        double[] x = { 0.5, 0.6, 0.7, 0.8, 0.9 };
        var user = Assert.Throws<TargetInvocationException>(() => Program.GetMethod("Throwing")!.Invoke(null, [x]));
        var gradient = Assert.Throws<TargetInvocationException>(() => Program.GetMethod("ThrowingGradient")!.Invoke(null, [x]));
        var pushforward = Program.GetMethod("ThrowingPushforward")!.CreateDelegate<Pushforward>();
        var forward = Assert.Throws<ArgumentException>(() => pushforward(x, new double[x.Length]));
        Assert.IsType<ArgumentException>(user.InnerException);
        Assert.IsType<ArgumentException>(gradient.InnerException);
        Assert.Equal(user.InnerException!.Message, gradient.InnerException!.Message);
        Assert.Equal(user.InnerException.Message, forward.Message);
    }

    /// <summary>
    /// Choices of arrays, structs or nested tuples are refused; so is passing a tuple whole to a helper that is not
    /// inlined (its tuple parameter was passive data: the value read an unassigned local, or the derivative was dropped).
    /// </summary>
    [Theory]
    [InlineData("var (r, s) = x[0] > 0 ? (x, 1.0) : (x, 2.0); return r[0] * s;", "The choice of a '(double[] x, double)'", "assign each element in an if/else or switch statement")]
    [InlineData("var (r, s) = x.Length switch { 1 => ((x[0], 1.0), 2.0), _ => ((x[1], 1.0), 3.0) }; return r.Item1 * s;", "The choice of a '((double, double), double)'", "assign each element in an if/else or switch statement")]
    [InlineData("var t = x[0] > 1 ? (x[0], x[1]) : (x[1], x[0]); return Norm(t);", "Passing the tuple 't' to 'Norm'", "give 'Norm' one parameter per element")]
    [InlineData("return Norm(Pair(x[0], x[1]));", "Passing the tuple 'Pair(x[0], x[1])' to 'Norm'", "give 'Norm' one parameter per element")]
    [InlineData("var t = (x[0], x[1]); return x[0] * Quadrant(t);", "Using the tuple local 't' whole here", "pass them to a helper as separate arguments")]
    [InlineData("return Norm((x[0], x[1]));", "Passing the tuple '(x[0], x[1])' to 'Norm'", "give 'Norm' one parameter per element")]
    [InlineData("return x[0] * Quadrant((x[0], x[1]));", "The tuple '(x[0], x[1])' as a whole value here", "pass its elements to the helper as separate arguments")]
    public void RefusedWithTheRewrite(string body, string expected, string rewrite)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public static partial class Bad
            {
                private static double Norm((double A, double B) t) => Math.Sqrt(t.A * t.A + t.B * t.B);
                private static int Quadrant((double A, double B) t) => t.A > 0 ? (t.B > 0 ? 1 : 4) : (t.B > 0 ? 2 : 3);
                private static (double, double) Pair(double a, double b) => (a, b);

                [Differentiable]
                public static double F(double[] x) { {{body}} }
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(expected) && m.Contains(rewrite));
    }
}
