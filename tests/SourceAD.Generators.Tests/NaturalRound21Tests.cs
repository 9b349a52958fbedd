using System.Linq;
using System.Runtime.CompilerServices;
using SourceAD.Checking;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Round 21 of the natural corpus, the edges its programs cannot show:
/// <list type="bullet">
/// <item>a copy within one array (<c>Array.Copy(h, 0, h, 1, n - 1)</c>, the shift register; the other way; a span
/// <c>CopyTo</c> of the same array), which .NET makes as if through a buffer: copying forward where the destination
/// starts after the source would smear the first element (refused before);</item>
/// <item>collection fields read as data: a <c>static readonly List</c> of records walked by <c>foreach</c>, with its
/// <c>Count</c>; a static <c>Dictionary</c> indexed; an instance <c>List&lt;double&gt;</c> field (refused before);</item>
/// <item>a switch section written as a block that ends in <c>break</c> (<c>case 1: { double t = …; break; }</c>),
/// refused before as a break from a nested statement;</item>
/// <item><c>OrderByDescending(v =&gt; v).ToArray()</c> and <c>Where(…).OrderBy(v =&gt; v).ToArray()</c> (refused before), in
/// .NET's order at ties, ±0 and NaN; a LINQ stage the queries do not take is refused with the array rewrite;</item>
/// <item><c>Stack&lt;double&gt;</c> and <c>Queue&lt;double&gt;</c> locals (refused before): a pop's slot pushed into again, a
/// dropped pop, Peek and Count, growth past the first length, an empty pop throwing; a foreach or a query over one is
/// refused with the List rewrite.</item>
/// </list>
/// Each is checked by its generated <c>CheckDerivatives</c> and against the closed form.
/// </summary>
public class NaturalRound21Tests() : SourceProgramTests(Source, "Round21")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public sealed record Leg(int From, int To, double Weight);

        public partial class Round21
        {
            private static readonly List<Leg> Legs = new() { new Leg(0, 1, 2.0), new Leg(2, 0, 0.5), new Leg(1, 2, -1.5) };
            private static readonly Dictionary<string, double> Prices = new() { ["a"] = 1.25, ["b"] = -0.5 };
            private readonly List<double> scales = new() { 2.0, 3.0 };

            private static double Weighted(double[] h)
            {
                double s = 0;
                for (int k = 0; k < h.Length; k++) s += (k + 1) * h[k] * h[k];
                return s;
            }

            [Differentiable]
            public static double ShiftRight(double[] x)
            {
                var h = (double[])x.Clone();
                Array.Copy(h, 0, h, 1, h.Length - 1);
                return Weighted(h);
            }

            [Differentiable]
            public static double ShiftLeft(double[] x)
            {
                var h = (double[])x.Clone();
                Array.Copy(h, 1, h, 0, h.Length - 1);
                return Weighted(h);
            }

            [Differentiable]
            public static double SpanShiftRight(double[] x)
            {
                var h = (double[])x.Clone();
                h.AsSpan(0, h.Length - 2).CopyTo(h.AsSpan(2));
                return Weighted(h);
            }

            [Differentiable]
            public static double Network(double[] r)
            {
                double s = 0;
                foreach (var leg in Legs) s += leg.Weight * r[leg.From] * r[leg.To];
                return s / Legs.Count + Prices["a"] * r[0] + Prices["b"] * r[2];
            }

            [Differentiable]
            public double Scaled(double x) => scales[0] * x + scales[1] * x * x + scales.Count;

            [Differentiable]
            public static double DescendingAt(double[] x, int k)
            {
                double[] s = x.OrderByDescending(v => v).ToArray();
                return s[k];
            }

            [Differentiable]
            public static double PositiveAscendingAt(double[] x, int k)
            {
                var s = x.Where(v => v > 0).OrderBy(v => v).ToArray();
                return s[k];
            }

            [Differentiable]
            public static double Rpn(double a, double b, double c)
            {
                var stack = new Stack<double>();
                stack.Push(a);
                stack.Push(b);
                stack.Push(Math.Sin(stack.Pop()));     // the pop's slot is pushed into again
                double top = stack.Peek();
                stack.Push(stack.Pop() * stack.Pop() + c);
                stack.Push(top);
                stack.Push(c * c);
                stack.Pop();                           // a value dropped
                return stack.Pop() + stack.Pop() * (stack.Count + 1);
            }

            [Differentiable]
            public static double Echo(double[] input, double feedback)
            {
                var line = new Queue<double>(2);
                for (int i = 0; i < 3; i++) line.Enqueue(0.0);
                double energy = 0;
                foreach (double s in input)             // 7 values: the array grows past its first length
                {
                    double y = s + feedback * line.Dequeue();
                    line.Enqueue(y);
                    energy += y * y * line.Count;
                }
                return energy + line.Peek();
            }

            [Differentiable]
            public static double Underflow(double x)
            {
                var s = new Stack<double>();
                s.Push(x);
                s.Pop();
                return s.Pop();
            }

            [Differentiable]
            public static double Sections(double x, int op)
            {
                double r = 0;
                switch (op)
                {
                    case 0: { double t = x * x; r = t + 1; break; }
                    case 1: { double t = Math.Sin(x); r = t * 2; break; }
                    default: { r = x; goto case 0; }
                }
                return r;
            }
        }
        """;

    /// <summary>The gradient of Weighted(h) where h[k] = x[source(k)].</summary>
    private static double[] Expected(double[] x, System.Func<int, int> source)
    {
        var g = new double[x.Length];
        for (int k = 0; k < x.Length; k++) g[source(k)] += 2 * (k + 1) * x[source(k)];
        return g;
    }

    private double[] Gradient(string method, double[] x) => (double[])((ITuple)Program.GetMethod(method + "Gradient")!.Invoke(null, new object[] { x })!)[1]!;

    [Fact]
    public void CopiesWithinOneArrayAreMadeAsIfThroughABuffer()
    {
        double[] x = { 0.5, -1.5, 2.0, 0.3, 1.2 };
        foreach (string m in new[] { "ShiftRight", "ShiftLeft", "SpanShiftRight" })
        {
            var report = (DerivativeCheckReport)Program.GetMethod(m + "CheckDerivatives")!.Invoke(null, new object?[] { x, null })!;
            Assert.True(report.Passed, m + ": " + report);
        }
        int n = x.Length;
        Assert.Equal(Expected(x, k => k == 0 ? 0 : k - 1), Gradient("ShiftRight", x), new Tolerance(1e-12));
        Assert.Equal(Expected(x, k => k == n - 1 ? k : k + 1), Gradient("ShiftLeft", x), new Tolerance(1e-12));
        Assert.Equal(Expected(x, k => k < 2 ? k : k - 2), Gradient("SpanShiftRight", x), new Tolerance(1e-12));
    }

    [Fact]
    public void StaticAndInstanceCollectionFieldsAreData()
    {
        double[] r = { 0.7, -0.4, 1.3 };
        var report = (DerivativeCheckReport)Program.GetMethod("NetworkCheckDerivatives")!.Invoke(null, new object?[] { r, null })!;
        Assert.True(report.Passed, report.ToString());
        // s = (2 r0 r1 + 0.5 r2 r0 - 1.5 r1 r2) / 3 + 1.25 r0 - 0.5 r2
        double[] expected = { (2 * r[1] + 0.5 * r[2]) / 3 + 1.25, (2 * r[0] - 1.5 * r[2]) / 3, (0.5 * r[0] - 1.5 * r[1]) / 3 - 0.5 };
        Assert.Equal(expected, Gradient("Network", r), new Tolerance(1e-12));

        object model = System.Activator.CreateInstance(Program)!;
        var g = (ITuple)Program.GetMethod("ScaledGradient")!.Invoke(model, new object[] { 0.6 })!;
        Assert.Equal(2.0 + 2 * 3.0 * 0.6, (double)g[1]!, 12);
        Assert.Equal(2.0 * 0.6 + 3.0 * 0.36 + 2, (double)g[0]!, 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void SwitchSectionsWrittenAsBlocks(int op)
    {
        const double x = 0.8;
        var report = (DerivativeCheckReport)Program.GetMethod("SectionsCheckDerivatives")!.Invoke(null, new object?[] { x, op, null })!;
        Assert.True(report.Passed, report.ToString());
        double expected = op == 1 ? 2 * Math.Cos(x) : 2 * x;
        Assert.Equal(expected, (double)((ITuple)Program.GetMethod("SectionsGradient")!.Invoke(null, new object[] { x, op })!)[1]!, 12);
    }

    /// <summary>
    /// The value bit for bit and the one-hot gradient at the index .NET's own stable sort of the indices puts at k:
    /// ties (−0 and +0, equal values) keep their order, and NaN, the least value, comes last in descending order.
    /// </summary>
    [Theory]
    [InlineData("DescendingAt")]
    [InlineData("PositiveAscendingAt")]
    public void SortedQueriesKeepDotNetsOrder(string method)
    {
        double[] x = { 0.0, 2.5, -0.0, double.NaN, 2.5, -1.0, 0.75, 0.0 };
        bool descending = method == "DescendingAt";
        int[] order = descending
            ? Enumerable.Range(0, x.Length).OrderByDescending(i => x[i]).ToArray()
            : Enumerable.Range(0, x.Length).Where(i => x[i] > 0).OrderBy(i => x[i]).ToArray();
        for (int k = 0; k < order.Length; k++)
        {
            var g = (ITuple)Program.GetMethod(method + "Gradient")!.Invoke(null, new object[] { x, k })!;
            Assert.Equal(BitConverter.DoubleToInt64Bits(x[order[k]]), BitConverter.DoubleToInt64Bits((double)g[0]!));
            var expected = new double[x.Length];
            expected[order[k]] = 1;
            Assert.Equal(expected, (double[])g[1]!);
        }
        double[] smooth = { 0.3, 1.7, -0.4, 2.2, 0.9 };
        var report = (DerivativeCheckReport)Program.GetMethod(method + "CheckDerivatives")!.Invoke(null, new object?[] { smooth, 1, null })!;
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void ALinqStageTheQueriesDoNotTakeIsRefusedWithTheArrayRewrite()
    {
        const string refused = """
            using System.Linq;
            using SourceAD;
            public static partial class Bad
            {
                [Differentiable]
                public static double TopThree(double[] scores) => scores.OrderByDescending(s => s).Take(3).Average();
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("OrderByDescending(v => v).ToArray()") && !d.Message.Contains("yield return"));
    }

    [Fact]
    public void StackAndQueueLocals()
    {
        const double a = 0.4, b = 1.1, c = -0.7;
        var report = (DerivativeCheckReport)Program.GetMethod("RpnCheckDerivatives")!.Invoke(null, new object?[] { a, b, c, null })!;
        Assert.True(report.Passed, report.ToString());
        // stack after the pushes: [a sin(b) + c, sin(b)], c*c dropped: sin(b) + (a sin(b) + c) * 1
        var g = (ITuple)Program.GetMethod("RpnGradient")!.Invoke(null, new object[] { a, b, c })!;
        Assert.Equal(Math.Sin(b) + a * Math.Sin(b) + c, (double)g[0]!);
        Assert.Equal(new[] { Math.Sin(b), (1 + a) * Math.Cos(b), 1.0 }, new[] { (double)g[1]!, (double)g[2]!, (double)g[3]! }, new Tolerance(1e-12));

        double[] input = { 1.0, 0.5, -0.3, 0.8, -0.6, 0.2, 0.1 };
        var echo = (DerivativeCheckReport)Program.GetMethod("EchoCheckDerivatives")!.Invoke(null, new object?[] { input, 0.45, null })!;
        Assert.True(echo.Passed, echo.ToString());
        // An independent value: the same echo with a ring buffer.
        double[] ring = new double[3];
        double energy = 0;
        for (int n = 0; n < input.Length; n++)
        {
            double y = input[n] + 0.45 * ring[n % 3];
            ring[n % 3] = y;
            energy += y * y * 3;
        }
        double expected = energy + ring[input.Length % 3];
        Assert.Equal(expected, (double)((ITuple)Program.GetMethod("EchoGradient")!.Invoke(null, new object[] { input, 0.45 })!)[0]!, 12);

        var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => Program.GetMethod("UnderflowGradient")!.Invoke(null, new object[] { 1.0 }));
        Assert.IsType<InvalidOperationException>(thrown.InnerException);
    }

    [Fact]
    public void OtherUsesOfAStackOrQueueAreRefusedWithTheListRewrite()
    {
        const string refused = """
            using System.Collections.Generic;
            using System.Linq;
            using SourceAD;
            public static partial class Bad
            {
                [Differentiable]
                public static double Walk(double x)
                {
                    var s = new Stack<double>();
                    s.Push(x);
                    s.Push(2 * x);
                    double t = 0;
                    foreach (double v in s) t += v;
                    return t;
                }

                [Differentiable]
                public static double Total(double x)
                {
                    var q = new Queue<double>();
                    q.Enqueue(x);
                    return q.Sum();
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("Using the Stack<> local 's'") && d.Message.Contains("List<T> local"));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.Message.Contains("Using the Queue<> local 'q'") && d.Message.Contains("List<T> local"));
    }

    [Fact]
    public void ARowOfAJaggedDataFieldPassedToAHelperIsRefusedWithTheCopy()
    {
        const string refused = """
            using SourceAD;
            public static partial class Bad
            {
                private static readonly double[][] Features = { new[] { 1.0, 0.5 }, new[] { -0.5, 2.0 } };

                private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1];

                [Differentiable]
                public static double Loss(double[] w)
                {
                    double s = 0;
                    for (int i = 0; i < Features.Length; i++) s += Dot(w, Features[i]);
                    return s;
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(refused).Select(d => (d.Id, Message: d.GetMessage())).ToList();
        Assert.Contains(diagnostics, d => d.Id.StartsWith("SRCAD", StringComparison.Ordinal) && d.Message.Contains("Passing the row 'Features[i]' of a jagged data field") && d.Message.Contains("row[j] = Features[i][j]"));
    }

    private sealed class Tolerance(double eps) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
