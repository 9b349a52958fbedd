using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// LINQ over the rows of a jagged array (<c>rows.Sum(r =&gt; r[0] * r[0])</c>, <c>rows.Max(r =&gt; r[^1])</c>, a Where on
/// rows): each row is bound as a row alias, so what the lambda reads is differentiated in place. Corpus JaggedRowsLinq
/// found these **silently wrong** (each row was copied into the lambda's parameter and its adjoint dropped: gradient 0
/// where finite differences give 1). A query over the row itself (<c>r.Sum(v =&gt; v * v)</c>, <c>rows[1].Average()</c>, inside
/// or outside a query over the rows) reads the row in place too (corpus JaggedRowsLinq was refused for it); queries over
/// struct arrays are refused with the rewrite rather than copied.
/// </summary>
public class LinqRowTests() : SourceProgramTests(Source, "Rows")
{
    private const string Source = """
        using System;
        using System.Linq;
        using SourceAD;

        public static partial class Rows
        {
            [Differentiable]
            public static double Nested(double[] x)
            {
                var rows = new double[3][];
                rows[0] = new double[] { x[0], x[1] };
                rows[1] = new double[] { x[2], x[3], x[0] * x[1] };
                rows[2] = new double[] { x[4] };
                return rows.Sum(r => r[0] * r[0]) + rows.Max(r => r[r.Length - 1]) + rows.Where(r => r.Length > 1).Sum(r => r[0] * r[r.Length - 1])
                    + rows.Count(r => r.Length == 1);
            }

            [Differentiable]
            public static double OverRows(double[] x)
            {
                var rows = new double[3][];
                rows[0] = new double[] { x[0], x[1] };
                rows[1] = new double[] { x[2], x[3], x[0] * x[1], x[4] };
                rows[2] = new double[] { x[4] * x[2] };
                double s = rows.Sum(r => r.Sum(v => v * v)) + rows.Max(r => r.Sum()) + rows[1].Average() + rows[1].Skip(1).Max();
                s += rows.Sum(r => r.Where(v => v > 0.6).Sum(v => Math.Log(v)));
                var last = rows[1];
                s += last.Select((v, i) => v * i).Sum() + last.Aggregate(1.0, (a, v) => a * v);
                foreach (double[] r in rows) s += r.Min() * r.Length;
                s += rows[1].Zip(rows[0], (a, b) => a * b).Sum() + rows[1].Skip(2).Zip(last).Sum(p => p.First - p.Second);
                return s;
            }
        }
        """;

    [Theory]
    [InlineData("Nested", 5)]
    [InlineData("OverRows", 5)]
    public void BothModes(string name, int n) => ObjectiveChecks.BothModes(Program, name, n);

    [Fact]
    public void AnyAndAllOverRowsOrPairsAreRefusedNotMisbound()
    {
        const string tests = """
            using System;
            using System.Linq;
            using SourceAD;

            public static partial class T
            {
                [Differentiable]
                public static double F(double[][] rows, double[] x, double[] y) =>
                    (rows.Any(r => r[0] > 1) ? x[0] : 0) + (x.Zip(y).All(p => p.First > p.Second) ? x[1] : 0);
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(tests);
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("rows.Any"));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("x.Zip(y).All"));
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Fact]
    public void QueriesOverStructArraysAreRefusedNotCopied()
    {
        const string structs = """
            using System;
            using System.Linq;
            using SourceAD;

            public record struct P(double X, double Y);

            public static partial class S
            {
                [Differentiable]
                public static double F(double a)
                {
                    var pts = new P[] { new(a, 1), new(2, a * a) };
                    double[] w = { a, 2 };
                    return pts.Sum(p => p.X * p.Y) + w.Zip(pts, (u, p) => u * p.X).Sum() + w.Zip(pts).Sum(t => t.First * t.Second.Y);
                }
            }
            """;
        var diagnostics = GeneratorHarness.BuildDiagnostics(structs);
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("pts.Sum"));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("w.Zip(pts, "));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001" && d.GetMessage().Contains("w.Zip(pts).Sum"));
    }
}
