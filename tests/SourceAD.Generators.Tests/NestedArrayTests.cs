using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Rectangular and jagged arrays, and arrays allocated in loops and in arguments: one small program per construct, each
/// compiled with the generator and checked like a corpus program (value oracle bit for bit, finite differences,
/// Pullback's linearity in its seed, the dot-product test, and a closed form where one is given); what stays unsupported
/// is refused with an SRCAD diagnostic at its location, and half-typed code never makes the generator throw.
/// </summary>
public class NestedArrayTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Arrays;\n";

    private CorpusOutcome Check(string entry, string args, string body, string? closedForm = null)
    {
        var program = new CorpusProgram("Nested" + entry.Replace(".", ""), Usings + body, "Arrays." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        return o;
    }

    private void Works(string entry, string args, string body, string? closedForm = null)
    {
        CorpusOutcome o = Check(entry, args, body, closedForm);
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    private void Refused(string entry, string args, string body, string expected)
    {
        CorpusOutcome o = Check(entry, args, body);
        Assert.True(o.Verdict == Verdict.Refused, $"{entry}: {o.Verdict}: {o.Detail}");
        Assert.Contains(expected, o.Detail);
    }

    private const string Grid = "new double[,] { { 0.5, -1.2, 0.3 }, { 2.0, 0.7, -0.4 } }";
    private const string Rows = "new double[][] { new[] { 0.5, -1.2, 0.3 }, new[] { 2.0 }, new[] { 0.7, -0.4 } }";

    [Fact]
    public void RectangularParameterAndLocal()
    {
        // GetLength, Length, Rank, reads, a rectangular local written with = and +=, and its elements read back.
        Works("R.F", Grid, """
            public static partial class R
            {
                [Differentiable]
                public static double F(double[,] a)
                {
                    int n = a.GetLength(0), m = a.GetLength(1);
                    var b = new double[m, n];
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < m; j++)
                        {
                            b[j, i] = a[i, j] * a[i, j];
                            b[j, i] += Math.Sin(a[i, j]);
                        }
                    double s = a.Rank * a.Length;
                    for (int j = 0; j < m; j++)
                        for (int i = 0; i < n; i++) s += b[j, i] * a[i, j];
                    return s;
                }

                // d/da (a³ + a·sin a) = 3a² + sin a + a·cos a
                public static double[,] Expected(double[,] a)
                {
                    var g = new double[2, 3];
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 3; j++) g[i, j] = 3 * a[i, j] * a[i, j] + Math.Sin(a[i, j]) + a[i, j] * Math.Cos(a[i, j]);
                    return g;
                }
            }
            """, "Expected");
    }

    [Fact]
    public void RankThreeParameter()
    {
        Works("R.F", "new double[,,] { { { 0.5, -1.0 }, { 0.25, 2.0 } } }, new double[,] { { 1.5, 0.5 } }", """
            public static partial class R
            {
                [Differentiable]
                public static double F(double[,,] t, double[,] w)
                {
                    double s = 0;
                    for (int i = 0; i < t.GetLength(0); i++)
                        for (int j = 0; j < t.GetLength(1); j++)
                            for (int k = 0; k < t.GetLength(2); k++) s += t[i, j, k] * t[i, j, k] * w[i, k];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void FloatAndGenericRectangularArrays()
    {
        // The corpus harness seeds in double; float and generic T are checked here directly: Σ a² has gradient 2a,
        // exact in float, and the value must be the method's own, bit for bit.
        Assembly assembly = GeneratorHarness.Load(Usings + """
            public static partial class G
            {
                [Differentiable]
                public static float F(float[,] a)
                {
                    float s = 0;
                    for (int i = 0; i < a.GetLength(0); i++)
                        for (int j = 0; j < a.GetLength(1); j++) s += a[i, j] * a[i, j];
                    return s;
                }

                [Differentiable]
                public static T S<T>(T[,] a) where T : System.Numerics.IFloatingPointIeee754<T>
                {
                    T s = T.Zero;
                    foreach (T v in a) s += v * v;
                    return s;
                }
            }
            """);
        Type g = assembly.GetType("Arrays.G")!;
        var a = new float[,] { { 1.5f, -2.25f, 0.1f }, { 0.5f, 3f, -0.7f } };
        foreach (MethodInfo gradient in new[] { g.GetMethod("FGradient")!, g.GetMethod("SGradient")!.MakeGenericMethod(typeof(float)) })
        {
            var result = (ITuple)gradient.Invoke(null, new object[] { a })!;
            MethodInfo primal = gradient.Name == "FGradient" ? g.GetMethod("F")! : g.GetMethod("S")!.MakeGenericMethod(typeof(float));
            Assert.Equal((float)primal.Invoke(null, new object[] { a })!, (float)result[0]!);
            var da = (float[,])result[1]!;
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++) Assert.Equal(2 * a[i, j], da[i, j]);
        }
    }

    [Fact]
    public void ForeachOverRectangularArray()
    {
        Works("R.F", Grid, """
            public static partial class R
            {
                [Differentiable]
                public static double F(double[,] a)
                {
                    double s = 0;
                    foreach (double v in a) s += v * v * v;
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void JaggedParameterRowsAliasesAndForeach()
    {
        // a[i][j], a[i].Length, a row alias read in place, foreach over the rows, and a[i][^1].
        Works("J.F", Rows + ", 0.3", """
            public static partial class J
            {
                [Differentiable]
                public static double F(double[][] a, double x)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++)
                        for (int j = 0; j < a[i].Length; j++) s += a[i][j] * a[i][j] * x;
                    var first = a[0];
                    for (int j = 0; j < first.Length; j++) s += Math.Exp(first[j]);
                    foreach (double[] row in a) s += row[^1] * row.Length;
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void JaggedLocalWithRowsAllocatedInALoop()
    {
        // A triangular table: new double[n][], each row new double[i + 1], written and read back (Pascal-like sums).
        Works("J.F", "new double[] { 0.5, -1.0, 2.0, 0.25 }", """
            public static partial class J
            {
                [Differentiable]
                public static double F(double[] x)
                {
                    int n = x.Length;
                    var t = new double[n][];
                    for (int i = 0; i < n; i++)
                    {
                        t[i] = new double[i + 1];
                        t[i][0] = x[i];
                        for (int j = 1; j <= i; j++) t[i][j] = t[i - 1][j - 1] * x[i] + (j < i ? t[i - 1][j] : 0);
                    }
                    double s = 0;
                    var last = t[n - 1];
                    for (int j = 0; j < last.Length; j++) s += last[j] * last[j];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void ArrayAllocatedInEachIterationOfAForAndAWhile()
    {
        // Each iteration's temporary is read by the reverse sweep after later iterations replaced it.
        Works("L.F", "new double[] { 0.5, -1.0, 2.0 }, 3", """
            public static partial class L
            {
                [Differentiable]
                public static double F(double[] x, int steps)
                {
                    int n = x.Length;
                    double s = 0;
                    for (int t = 0; t < steps; t++)
                    {
                        var tmp = new double[n];
                        for (int i = 0; i < n; i++) tmp[i] = Math.Sin(x[i] * (t + 1)) + s;
                        for (int i = 0; i < n; i++) s += tmp[i] * tmp[i];
                    }
                    int k = 0;
                    while (k < n)
                    {
                        double[] w = { x[k], 2 * x[k] };
                        s += w[0] * w[1] * s;
                        k++;
                    }
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void RowsSwappedThroughATemporaryAndATuple()
    {
        // After a swap, writing cur overwrites what prev held two steps earlier, which the reverse sweep reads through
        // the name prev: recording must follow the storage, not the name.
        Works("S.F", "new double[] { 0.5, -1.0, 2.0, 0.3 }", """
            public static partial class S
            {
                [Differentiable]
                public static double F(double[] x)
                {
                    int n = x.Length;
                    double[] prev = new double[n], cur = new double[n];
                    for (int i = 0; i < n; i++) prev[i] = x[i];
                    for (int step = 0; step < 4; step++)
                    {
                        for (int i = 0; i < n; i++) cur[i] = prev[i] * prev[(i + 1) % n] + Math.Sin(prev[i]);
                        if (step % 2 == 0)
                        {
                            var t = prev;
                            prev = cur;
                            cur = t;
                        }
                        else
                        {
                            (prev, cur) = (cur, prev);
                        }
                    }
                    double s = 0;
                    for (int i = 0; i < n; i++) s += prev[i] * prev[i];
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void ArraysCreatedAsArguments()
    {
        Works("A.F", "0.7, -1.3", """
            public static partial class A
            {
                [Differentiable]
                public static double Norm2(double[] v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
                    return s;
                }

                [Differentiable]
                public static double Count(double[] v) => v.Length;

                [Differentiable]
                public static double F(double x, double y)
                {
                    double s = Norm2(new[] { x, y, x * y }) + Count(new double[3]);
                    for (int i = 0; i < 2; i++) s += Norm2(new double[] { s, x });
                    return s;
                }
            }
            """);
    }

    [Fact]
    public void RectangularArraysPassedToHelpers()
    {
        // An active local minor (allocated per iteration) and a constant table passed to the same helper.
        Works("H.F", Grid, """
            public static partial class H
            {
                [Differentiable]
                public static double Frobenius(double[,] m)
                {
                    double s = 0;
                    for (int i = 0; i < m.GetLength(0); i++)
                        for (int j = 0; j < m.GetLength(1); j++) s += m[i, j] * m[i, j];
                    return s;
                }

                [Differentiable]
                public static double F(double[,] a)
                {
                    double s = 0;
                    for (int c = 0; c < a.GetLength(1); c++)
                    {
                        var column = new double[a.GetLength(0), 1];
                        for (int r = 0; r < a.GetLength(0); r++) column[r, 0] = a[r, c] * (c + 1);
                        s += Math.Sqrt(Frobenius(column));
                    }
                    var constant = new double[2, 2];
                    constant[0, 1] = 3;
                    return s * Frobenius(constant) + Frobenius(a);
                }
            }
            """);
    }

    [Fact]
    public void WritingThroughARowAliasOfAnInputIsRefused() =>
        Refused("J.F", Rows, """
            public static partial class J
            {
                [Differentiable]
                public static double F(double[][] a)
                {
                    var row = a[0];
                    row[0] = 2;
                    return a[0][0];
                }
            }
            """, "Writing to the input array 'a'");

    [Fact]
    public void ARowStoredAsAValueIsRefused() =>
        Refused("J.F", Rows, """
            public static partial class J
            {
                [Differentiable]
                public static double F(double[][] a)
                {
                    var t = new double[a.Length][];
                    for (int i = 0; i < a.Length; i++) t[i] = a[i];
                    return t[0][0];
                }
            }
            """, "used as a value");

    [Fact]
    public void ARowAliasOfARowReplacedLaterIsRefused() =>
        // C#'s row keeps the old array; an alias read in place would see the new one.
        Refused("J.F", "1.5", """
            public static partial class J
            {
                [Differentiable]
                public static double F(double x)
                {
                    var t = new double[2][];
                    t[0] = new double[1];
                    t[0][0] = x;
                    var row = t[0];
                    t[0] = new double[1];
                    return row[0] * x;
                }
            }
            """, "whose rows are replaced later");

    [Fact]
    public void RankFourParameterIsRefused() =>
        Refused("J.F", "new double[1, 1, 1, 1]", """
            public static partial class J
            {
                [Differentiable]
                public static double F(double[,,,] a) => a[0, 0, 0, 0];
            }
            """, "arrays of rank 2 and 3 (T[,], T[,,]) and rows (T[][]) are supported");

    [Fact]
    public void NestedInputOfAVectorOutputMethodIsRefused() =>
        Refused("J.F", Grid + ", new double[2]", """
            public static partial class J
            {
                [Differentiable]
                public static void F(double[,] a, Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++) y[i] = a[i, 0];
                }
            }
            """, "rectangular or jagged input of a vector-output (void) method");

    [Fact]
    public void RectangularInitializersAreElementAssignments() =>
        Works("J.F", "1.3", """
            public static partial class J
            {
                [Differentiable]
                public static double F(double x)
                {
                    double[,] m = { { x, 1 }, { 2, Math.Sin(x) } };
                    var t = new double[2, 2, 2] { { { x, 1 }, { 2, x * x } }, { { 3, x }, { Math.Exp(x), 4 } } };
                    double s = 0;
                    foreach (double v in t) s += v * v;
                    return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0] + s;
                }
            }
            """);

    [Fact]
    public void JaggedInitializersAllocateEachRow() =>
        Works("J.G", "0.7", """
            public static partial class J
            {
                [Differentiable]
                public static double G(double x)
                {
                    double[][] m = { new[] { x, 1.0, Math.Cos(x) }, new double[2], new[] { x * x } };
                    m[1][1] = Math.Exp(x);
                    double s = 0;
                    for (int i = 0; i < m.Length; i++)
                        for (int j = 0; j < m[i].Length; j++) s += m[i][j] * (i + j + 1);
                    return s;
                }
            }
            """);

    [Fact]
    public void AJaggedInitializerRowThatIsAnotherArrayIsRefused() =>
        Refused("J.H", "0.7", """
            public static partial class J
            {
                [Differentiable]
                public static double H(double x)
                {
                    var r = new double[2];
                    r[0] = x;
                    double[][] m = { r, new[] { x } };
                    return m[0][0] + m[1][0];
                }
            }
            """, "write each row as new[] { … } or new T[n]");

    private const string HalfTyped = """
        using System;
        using SourceAD;
        namespace Demo;
        public static partial class P
        {
            [Differentiable]
            public static double F(double[,] a, double[][] b, double x)
            {
                var t = new double[a.GetLength(0)][];
                double s = 0;
                for (int i = 0; i < t.Length; i++)
                {
                    t[i] = new double[b[i].Length];
                    var row = b[i];
                    for (int j = 0; j < row.Length; j++) { t[i][j] = a[i, j] * row[^1] * x; s += t[i][j]; }
                }
                foreach (double v in a) s += v;
                return s;
            }
        }
        """;

    public static IEnumerable<object[]> Truncations()
    {
        for (int cut = 0; cut < HalfTyped.Length; cut += 9) yield return new object[] { HalfTyped.Substring(0, cut) };
        for (int del = 0; del < HalfTyped.Length; del += 13) yield return new object[] { HalfTyped.Remove(del, 1) };
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void HalfTypedNestedArrayCodeNeverThrows(string source)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }

    [Fact]
    public void TheHalfTypedProgramItselfWorks()
    {
        // The truncations above start from a program that is supported, so they explore the new paths.
        var (_, diagnostics, result) = GeneratorHarness.Run(HalfTyped);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Single(result.Results.Single().GeneratedSources);
    }
}
