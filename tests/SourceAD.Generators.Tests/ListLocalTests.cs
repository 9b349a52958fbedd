using System.Reflection;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Local <c>List&lt;double&gt;</c>s filled with Add and read back, as C# developers collect terms (corpus LocalListTerms
/// was refused at the allocation): Add in loops (growing the array several times), capacity, initializers, collection
/// expressions, AddRange, Clear, indexer reads and writes, foreach, ToArray, and LINQ aggregates with the list as the
/// source. Checked by the value oracle, finite differences and the dot-product test (<see cref="ObjectiveChecks"/>);
/// what stays refused is refused with the rewrite.
/// </summary>
public class ListLocalTests() : SourceProgramTests(Source, "Lists")
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using SourceAD;

        public static partial class Lists
        {
            [Differentiable]
            public static double Windowed(double[] samples)
            {
                var terms = new List<double>();
                for (int i = 0; i < samples.Length; i++)
                {
                    double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (samples.Length - 1));
                    terms.Add(w * samples[i] * samples[i] * Math.Exp(-samples[0] * i));
                }
                return terms.Sum();
            }

            [Differentiable]
            public static double Kept(double[] x)
            {
                var kept = new List<double>();
                foreach (double v in x)
                    if (v > 0.6) kept.Add(v * v);
                if (kept.Count == 0) return x[0];
                return kept.Max() + kept.Average() * kept[0] + kept.Min(v => Math.Sin(v));
            }

            [Differentiable]
            public static double PrefixSums(double[] x)
            {
                var y = new List<double>(x.Length);
                for (int i = 0; i < x.Length; i++) y.Add(Math.Sin(x[i]));
                for (int i = 1; i < y.Count; i++) y[i] += y[i - 1] * x[i];
                double s = 0;
                foreach (double v in y) s += v * v;
                return s;
            }

            [Differentiable]
            public static double Mixed(double[] x)
            {
                var l = new List<double> { x[0], 2.0 };
                l.AddRange(x);
                double[] a = l.ToArray();
                l.Clear();
                l.Add(a[1] * a[2]);
                l.Add(a[a.Length - 1]);
                return a.Sum() * l[0] + l.Count * l[1] + l.Skip(1).Sum();
            }

            [Differentiable]
            public static double Path(double[] x)
            {
                List<double> path = [x[0]];
                for (int k = 0; k < 3; k++)
                    for (int i = 0; i < x.Length; i++)
                        path.Add(path[path.Count - 1] * 0.9 + x[i] * (k + 1));
                return path.Sum(v => v * v) / path.Count + path.Where(v => v > 2).Count();
            }

            [Differentiable]
            public static double PerRow(double[] x)
            {
                double total = 0;
                for (int r = 1; r <= 3; r++)
                {
                    var row = new List<double>();
                    for (int i = 0; i < x.Length; i++) row.Add(x[i] * r);
                    total += row.Sum() * row[0] + row.Select((v, i) => v * i).Sum();
                }
                return total;
            }

            [Differentiable]
            public static double Copied(double[] x)
            {
                var c = new List<double>(x);
                c.Add(Math.Log(c[0]));
                var d = new List<double>(c);
                d[0] = c[1] * c[2];
                double s = 0;
                for (int i = 0; i < d.Count; i++) s += d[i] * c[i];
                return s;
            }

            [Differentiable]
            public static double Edges(double[] x)
            {
                double Twice(double v) { var t = new List<double> { v, v * v }; return t.Sum() + t[^1]; }
                var l = new List<double>();
                foreach (double v in x) l.Add(Twice(v));
                l[^1] += x[0];
                int k = 0;
                while (l.Count < 2 * x.Length && l[^1] < 40) l.Add(l[k++] * 1.5);
                double m = l.Count > 2 ? l.Average() : l[0];
                return m + l.Count() + (l.Any() ? l[^1] * l[l.Count - 2] : 0) + l.Count(v => v > 1.5);
            }

            [Differentiable]
            public static double Zipped(double[] x)
            {
                var f = new List<double>();
                foreach (double v in x) f.Add(v * v);
                double s = f.Zip(x.Skip(1), (a, b) => Math.Abs(b - a)).Average();
                foreach (var (a, b) in x.Zip(f.Take(2))) s += a * b;
                return s + f.Skip(1).Zip(x, (a, b) => a * b).Sum();
            }

            [Differentiable]
            public static float Floats(float[] x)
            {
                var l = new List<float>();
                foreach (float v in x) l.Add(v * v);
                return l.Sum() + l.Max();
            }

            [Differentiable]
            public static T Generic<T>(T[] x) where T : System.Numerics.IFloatingPointIeee754<T>
            {
                var l = new List<T>();
                foreach (T v in x) l.Add(v * v);
                T s = T.Zero;
                foreach (T v in l) s += v * l[0];
                return s;
            }

            [Differentiable]
            public static double OutOfRange(double[] x, int k)
            {
                var l = new List<double>(16);
                foreach (double v in x) l.Add(v);
                return l[k];
            }
        }
        """;

    [Theory]
    [InlineData("Windowed", 6)]
    [InlineData("Windowed", 2)]
    [InlineData("Kept", 7)]
    [InlineData("Kept", 1)]
    [InlineData("PrefixSums", 9)]
    [InlineData("Mixed", 5)]
    [InlineData("Path", 11)]
    [InlineData("PerRow", 6)]
    [InlineData("Copied", 4)]
    [InlineData("Zipped", 5)]
    [InlineData("Zipped", 2)]
    [InlineData("Edges", 1)]
    [InlineData("Edges", 3)]
    [InlineData("Edges", 8)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void FloatAndGenericElementsMatchTheirClosedForms()
    {
        float[] xf = [0.5f, -1.25f, 0.75f];
        var (value, dxf) = ((float, float[]))Program.GetMethod("FloatsGradient")!.Invoke(null, [xf])!;
        Assert.Equal((float)Program.GetMethod("Floats")!.Invoke(null, [xf])!, value);
        // Σ x² + max x²: the max is x₁² (1.5625), so its derivative adds 2x₁ once more.
        Assert.Equal([1.0f, -5.0f, 1.5f], dxf);

        double[] x = [0.5, -1.25, 0.75];
        MethodInfo generic = Program.GetMethod("GenericGradient")!.MakeGenericMethod(typeof(double));
        var (gv, dx) = ((double, double[]))generic.Invoke(null, [x])!;
        Assert.Equal((double)Program.GetMethod("Generic")!.MakeGenericMethod(typeof(double)).Invoke(null, [x])!, gv);
        // s = x₀² Σ xᵢ²: ∂s/∂x₀ = 2x₀ Σ xᵢ² + 2x₀³, ∂s/∂xᵢ = 2 x₀² xᵢ.
        double sq = x.Sum(v => v * v);
        Assert.Equal(2 * x[0] * sq + 2 * x[0] * x[0] * x[0], dx[0], 12);
        Assert.Equal(2 * x[0] * x[0] * x[1], dx[1], 12);
        Assert.Equal(2 * x[0] * x[0] * x[2], dx[2], 12);
    }

    [Fact]
    public void AnIndexPastTheCountThrowsAsTheListDoesThoughTheArrayIsLonger()
    {
        double[] x = [0.5, 0.7, 0.9];
        var own = Assert.Throws<TargetInvocationException>(() => Program.GetMethod("OutOfRange")!.Invoke(null, [x, 3]));
        var generated = Assert.Throws<TargetInvocationException>(() => Program.GetMethod("OutOfRangeGradient")!.Invoke(null, [x, 3]));
        Assert.IsType<ArgumentOutOfRangeException>(own.InnerException);
        Assert.IsType<ArgumentOutOfRangeException>(generated.InnerException);
        Assert.Equal(own.InnerException!.Message, generated.InnerException!.Message);
        var (value, dx) = ((double, double[]))Program.GetMethod("OutOfRangeGradient")!.Invoke(null, [x, 2])!;
        Assert.Equal(0.9, value);
        Assert.Equal([0.0, 0.0, 1.0], dx);
    }

    [Fact]
    public void OtherUsesOfAListLocalAreRefusedWithTheRewrite()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using SourceAD;

            public static partial class Refused
            {
                [Differentiable]
                public static double Inserted(double[] x) { var l = new List<double>(); l.Insert(0, x[0]); return l[0]; }

                [Differentiable]
                public static double Passed(double[] x) { var l = new List<double> { x[0] }; return Total(l); }

                [Differentiable]
                public static double First(double[] x) { var l = new List<double> { x[0] }; return l.First(); }

                [Differentiable]
                public static double ChangedInForEach(double[] x)
                {
                    var l = new List<double> { x[0] };
                    double s = 0;
                    foreach (double v in l) { s += v; if (s < 10) l.Add(v); }
                    return s;
                }

                [Differentiable]
                public static double Ranged(double[] x) { var l = new List<double> { x[0], x[1] }; return l[1..].Count; }

                [Differentiable]
                public static double Interface(double[] x) { IList<double> l = new List<double> { x[0] }; return l[0]; }

                [Differentiable]
                public static double Reassigned(double[] x) { var l = new List<double> { x[0] }; l = new List<double>(); return x[0]; }

                private static double Total(List<double> l) => l.Sum();
            }
            """;
        List<string> refusals = GeneratorHarness.Refusals(source);
        Assert.Contains(refusals, m => m.Contains("Calling 'Insert' on the List<> local 'l'") && m.Contains("ToArray"));
        Assert.Contains(refusals, m => m.Contains("Passing the List<> local 'l' to 'Total'"));
        Assert.Contains(refusals, m => m.Contains("The LINQ call 'l.First()' on the List<> local 'l'"));
        Assert.Contains(refusals, m => m.Contains("Changing the List<> local 'l' inside a foreach over it"));
        Assert.Contains(refusals, m => m.Contains("Reassigning the List<> local 'l'"));
        Assert.True(refusals.Any(m => m.Contains("The range 'l[1..]' of the List<> local 'l'")), string.Join("\n", refusals));
        Assert.True(refusals.Any(m => m.Contains("The collection local 'l' (IList<double>)") && m.Contains("declare it as a List<T>")), string.Join("\n", refusals));
        Assert.True(refusals.Count == 7, string.Join("\n", refusals));
    }
}
