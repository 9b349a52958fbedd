using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Ref locals as performance-minded C# writes them: <c>ref double slot = ref bins[b]; slot += w;</c>. Lowered as a copy,
/// every write through the ref was lost: the value and the gradient came out silently wrong (corpus
/// RefLocalAccumulate: ∂/∂values 0 against 3.1 by finite differences), and so were writes through a
/// <c>foreach (ref double v in span)</c> loop variable. A ref to a struct local (<c>ref Pt p = ref q; p.X *= 2</c>)
/// lost its writes too when first taken as a scalar alias, so it is refused. Each program is checked by the value oracle,
/// finite differences and the dot-product test (<see cref="ObjectiveChecks"/>); the refusals name the rewrite.
/// </summary>
public class RefLocalTests() : SourceProgramTests(Source, "Refs", "SRCAD0101")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Refs
        {
            [Differentiable]
            public static double Histogram(double[] x)
            {
                var bins = new double[3];
                for (int i = 0; i < x.Length; i++)
                {
                    int b = Math.Clamp((int)(x[i] * 2.5), 0, bins.Length - 1);
                    ref double slot = ref bins[b];
                    slot += x[i] * x[i];
                    slot *= 1.0 + 0.1 * x[i];
                }
                double e = 0;
                foreach (double v in bins) e += v * Math.Sin(v);
                return e;
            }

            [Differentiable]
            public static double Grid(double[] x)
            {
                var grid = new double[2, 2];
                for (int k = 0; k < x.Length; k++)
                {
                    ref double cell = ref grid[k % 2, (k / 2) % 2];
                    cell = cell * 0.5 + Math.Exp(x[k]);
                }
                return grid[0, 0] * grid[1, 1] - grid[0, 1] * grid[1, 0];
            }

            [Differentiable]
            public static double ScalarAlias(double[] x)
            {
                double total = 0;
                ref double acc = ref total;
                foreach (double v in x) acc += v * v;
                ref double again = ref acc;
                again *= x[0];
                return total + acc;
            }

            [Differentiable]
            public static double IndexTakenOnce(double[] x)
            {
                var buf = new double[3];
                int k = 0;
                ref double first = ref buf[k];
                k = 2;
                first += x[0] * x[1];
                buf[k] += first * x[2];
                ref readonly double last = ref buf[2];
                return last + buf[0] * x[3];
            }

            [Differentiable]
            public static double StackSpan(double[] x)
            {
                Span<double> acc = stackalloc double[3];
                for (int i = 0; i < x.Length; i++)
                {
                    ref double a = ref acc[i % 3];
                    if (x[i] > 0.8) a += Math.Tanh(x[i]); else a -= x[i] * a;
                }
                return acc[0] + 2 * acc[1] + 3 * acc[2];
            }

            [Differentiable]
            public static double ForeachRef(double[] x)
            {
                Span<double> acc = stackalloc double[3];
                for (int i = 0; i < x.Length; i++) acc[i % 3] += x[i];
                foreach (ref double v in acc) v *= x[0] + v;
                var sq = new double[3];
                sq[0] = x[1]; sq[1] = x[2]; sq[2] = x[3];
                foreach (ref double v in sq.AsSpan()) v = Math.Sin(v * v);
                return acc[0] + 2 * acc[1] + 3 * acc[2] + sq[0] * sq[1] - sq[2];
            }

            // A ref to an element of a copy (Clone, a range): the copy is the method's own storage (round 17).
            [Differentiable]
            public static double CopiedPivot(double[] x)
            {
                var y = (double[])x.Clone();
                ref double top = ref y[0];
                for (int i = 1; i < y.Length; i++) top += 0.3 * y[i];
                var mid = x[1..^1];
                ref double m = ref mid[^1];
                m *= top;
                double s = 0;
                foreach (double v in y) s += v * v;
                return s + mid.Sum() + x[1];
            }

            // Round 19: a ref re-pointed within its array (best = ref y[i]) is the element at an index local that
            // each re-pointing assigns, read and written through at the index it holds then.
            [Differentiable]
            public static double Repointed(double[] x)
            {
                var y = (double[])x.Clone();
                ref double best = ref y[0];
                for (int i = 1; i < y.Length; i++)
                {
                    if (y[i] > best) best = ref y[i];
                    best += 0.1 * y[i - 1];
                }
                best *= best;
                double s = 0;
                for (int i = 0; i < y.Length; i++) s += (i + 1) * y[i];
                return s;
            }
        }
        """;

    [Theory]
    [InlineData("Histogram", 7)]
    [InlineData("Grid", 6)]
    [InlineData("ScalarAlias", 4)]
    [InlineData("IndexTakenOnce", 4)]
    [InlineData("StackSpan", 8)]
    [InlineData("ForeachRef", 5)]
    [InlineData("CopiedPivot", 5)]
    [InlineData("Repointed", 5)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Theory]
    [InlineData("ref double xi = ref x[0]; xi = 1; return xi;", "The ref local 'xi'")]
    [InlineData("var a = new double[2]; ref double s = ref a[0]; Bump(ref s); return a[0] * x[0];", "passed by ref")]
    [InlineData("var a = new double[2]; var b = new double[2]; ref double s = ref a[0]; s = ref b[1]; s = x[0]; return b[1];", "re-pointed")]
    [InlineData("foreach (ref double v in x.AsSpan()) v *= 2; return x[0];", "foreach with a ref loop variable")]
    [InlineData("var q = new Pt { X = x[0], Y = x[1] }; ref Pt p = ref q; p.X *= x[1]; return q.X + q.Y;", "The ref local 'p' of type 'Pt'")]
    public void RefusedWithTheRewrite(string body, string expected)
    {
        string source = $$"""
            using System;
            using SourceAD;

            public struct Pt { public double X, Y; }

            public static partial class Bad
            {
                private static void Bump(ref double v) => v += 1;

                [Differentiable]
                public static double F(double[] x) { {{body}} }
            }
            """;
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(expected) && (m.Contains("index the array") || m.Contains("loop over the indices") || m.Contains("use the struct local")));
    }
}
