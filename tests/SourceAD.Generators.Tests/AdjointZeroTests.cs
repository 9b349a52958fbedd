using System.Linq;
using System.Text.RegularExpressions;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Known-zero adjoint entries of local arrays across the reverse sweep (Analyses/AdjointZero.cs): an update of an entry
/// known to hold zero is an assignment, and a reset the next reverse statement overwrites is left out. Each program is
/// checked like a corpus program (value oracle bit for bit, finite differences, the dot-product test); the generated
/// text shows where the analysis fired and where it must not (an entry that may hold a value there).
/// </summary>
public class AdjointZeroTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Zeros;\n";
    private const string Assigned = "// zero until here: assigned, not added";
    private const string NotReset = "is not reset: the next update of it in the reverse sweep assigns it";

    private void Works(string entry, string args)
    {
        var program = new CorpusProgram("Zeros" + entry.Replace(".", ""), Usings + Programs, "Zeros." + entry, args, null, null, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
    }

    private string Pullback(string method)
    {
        string all = GeneratorHarness.Run(Usings + Programs).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();
        int start = all.IndexOf(" " + method + "Pullback(", System.StringComparison.Ordinal);
        int end = all.IndexOf("finally", start, System.StringComparison.Ordinal);
        string body = all.Substring(start, end - start);
        output.WriteLine(body);
        return body;
    }

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

    private const string Programs = """
        public static partial class Z
        {
            /// <summary>GradBench ode's shape: each stage writes k[0], then k[1..n) in a loop, and the step adds the stages to y.</summary>
            [Differentiable]
            public static double Stages(double[] x, int s)
            {
                int n = x.Length;
                double[] k1 = new double[n], k2 = new double[n], y = new double[n];
                for (int i = 0; i < n; i++) y[i] = 0.5;
                for (int step = 0; step < s; step++)
                {
                    k1[0] = x[0];
                    for (int i = 1; i < n; i++) k1[i] = x[i] * y[i - 1];
                    k2[0] = x[0] * 0.5;
                    for (int i = 1; i < n; i++) k2[i] = x[i] * (y[i - 1] + 0.1 * k1[i - 1]);
                    for (int i = 0; i < n; i++) y[i] += 0.1 * (k1[i] + k2[i]);
                }
                double r = 0;
                for (int i = 0; i < n; i++) r += y[i] * y[i];
                return r;
            }

            /// <summary>k is rewritten only on even steps: on odd ones the step reads the previous step's k again.</summary>
            [Differentiable]
            public static double OneArm(double[] x, int s)
            {
                int n = x.Length;
                double[] k = new double[n];
                double acc = 0;
                for (int step = 0; step < s; step++)
                {
                    if (step % 2 == 0)
                    {
                        for (int i = 0; i < n; i++) k[i] = x[i] * (step + 1);
                    }
                    for (int i = 0; i < n; i++) acc += Math.Sin(k[i]) * x[i];
                }
                return acc;
            }

            /// <summary>k[0] is written once before the steps and read by every step: only k[1..n) are rewritten each step.</summary>
            [Differentiable]
            public static double Gap(double[] x, int s)
            {
                int n = x.Length;
                double[] k = new double[n], y = new double[n];
                for (int i = 0; i < n; i++) y[i] = x[i];
                k[0] = x[0] * x[0];
                for (int step = 0; step < s; step++)
                {
                    for (int i = 1; i < n; i++) k[i] = x[i] * y[i - 1];
                    for (int i = 0; i < n; i++) y[i] += 0.1 * k[i];
                }
                double r = 0;
                for (int i = 0; i < n; i++) r += y[i] * y[i];
                return r;
            }

            /// <summary>Two statements read k[i]: the later one's reverse comes first and assigns, the earlier one's must add.</summary>
            [Differentiable]
            public static double TwoReads(double[] x, int s)
            {
                int n = x.Length;
                double[] k = new double[n], y = new double[n];
                for (int i = 0; i < n; i++) y[i] = x[i];
                double z = 0;
                for (int step = 0; step < s; step++)
                {
                    for (int i = 0; i < n; i++) k[i] = x[i] * y[i];
                    for (int i = 0; i < n; i++) y[i] += 0.1 * k[i];
                    for (int i = 0; i < n; i++) z += 0.5 * k[i];
                }
                return z;
            }

            /// <summary>k is written through a second name: its adjoint is not followed.</summary>
            [Differentiable]
            public static double Aliased(double[] x, int s)
            {
                int n = x.Length;
                double[] k = new double[n];
                double[] view = k;
                double acc = 0;
                for (int step = 0; step < s; step++)
                {
                    for (int i = 0; i < n; i++) view[i] = x[i] * (step + 1);
                    for (int i = 0; i < n; i++) acc += Math.Sin(k[i]) * x[i];
                }
                return acc;
            }

            /// <summary>k's entries are read at i and at i − 1 in one loop: each entry is updated by two iterations.</summary>
            [Differentiable]
            public static double Shifted(double[] x, int s)
            {
                int n = x.Length;
                double[] k = new double[n];
                double acc = 0;
                for (int step = 0; step < s; step++)
                {
                    for (int i = 0; i < n; i++) k[i] = x[i] * (step + 1);
                    for (int i = 1; i < n; i++) acc += k[i] * k[i - 1];
                }
                return acc;
            }

            /// <summary>GradBench ode: four stages through one scratch y_tmp, ode_fun written out.</summary>
            [Differentiable]
            public static double Rk(double[] xi, int s)
            {
                int n = xi.Length;
                double h = 2.0 / s;
                double[] k1 = new double[n], k2 = new double[n], y_tmp = new double[n], yf = new double[n];
                for (int i = 0; i < n; i++) yf[i] = 0.0;
                for (int i_step = 0; i_step < s; i_step++)
                {
                    k1[0] = xi[0];
                    for (int i = 1; i < n; i++) k1[i] = xi[i] * yf[i - 1];
                    for (int i = 0; i < n; i++) y_tmp[i] = yf[i] + h * k1[i] / 2.0;
                    k2[0] = xi[0];
                    for (int i = 1; i < n; i++) k2[i] = xi[i] * y_tmp[i - 1];
                    for (int i = 0; i < n; i++) yf[i] += h * (k1[i] + k2[i]) / 2.0;
                }
                return yf[n - 1];
            }
        }
        """;

    [Fact]
    public void StagesAssignTheZeroEntriesAndDropDeadResets()
    {
        Works("Z.Stages", "new double[] { 0.5, -1.2, 0.8, 2.1 }, 3");
        string g = Pullback("Stages");
        Assert.Matches(@"dk1\[i\w*\] = [^;]*; " + Regex.Escape(Assigned), g);
        Assert.Matches(@"dk2\[i\w*\] = [^;]*; " + Regex.Escape(Assigned), g);
        Assert.Contains("dk1[0] " + NotReset, g);
        Assert.Contains("dk2[0] " + NotReset, g);
    }

    [Fact]
    public void OdeStagesAssignTheScratchAdjoint()
    {
        Works("Z.Rk", "new double[] { 0.5, -1.2, 0.8, 2.1 }, 3");
        string g = Pullback("Rk");
        Assert.Matches(@"dk1\[i\w*\] = [^;]*; " + Regex.Escape(Assigned), g);
        Assert.Matches(@"dy_tmp\[index\w*\] = [^;]*; " + Regex.Escape(Assigned), g);
    }

    [Fact]
    public void AnAdjointResetOnOneArmOnlyIsAdded()
    {
        Works("Z.OneArm", "new double[] { 0.5, -1.2, 0.8 }, 3");
        string g = Pullback("OneArm");
        Assert.Matches(@"dk\[i\w*\] \+= ", g);
        Assert.DoesNotContain(Assigned, g);
        Assert.DoesNotContain(NotReset, g);
    }

    [Fact]
    public void AnEntryTheStepsDoNotRewriteKeepsItsSum()
    {
        Works("Z.Gap", "new double[] { 0.5, -1.2, 0.8 }, 3");
        string g = Pullback("Gap");
        Assert.Matches(@"dk\[i\w*\] \+= ", g);
        Assert.DoesNotMatch(@"dk\[i\w*\] = [^;]*; " + Regex.Escape(Assigned), g);
    }

    [Fact]
    public void OnlyTheFirstOfTwoUpdatesAssigns()
    {
        Works("Z.TwoReads", "new double[] { 0.5, -1.2, 0.8 }, 3");
        string g = Pullback("TwoReads");
        Assert.Equal(1, Count(g, @"dk\[i\w*\] = [^;]*; " + Regex.Escape(Assigned)));
        Assert.Matches(@"dk\[i\w*\] \+= ", g);
    }

    [Fact]
    public void AnAliasedArrayIsNotFollowed()
    {
        Works("Z.Aliased", "new double[] { 0.5, -1.2, 0.8 }, 3");
        string g = Pullback("Aliased");
        Assert.DoesNotContain(Assigned, g);
        Assert.DoesNotContain(NotReset, g);
    }

    [Fact]
    public void EntriesUpdatedByTwoIterationsAreAdded()
    {
        Works("Z.Shifted", "new double[] { 0.5, -1.2, 0.8, 0.3 }, 2");
        string g = Pullback("Shifted");
        Assert.DoesNotMatch(@"dk\[[^\]]*\] = [^;]*; " + Regex.Escape(Assigned), g);
    }
}
