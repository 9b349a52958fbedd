using System.Text;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// The cost analysis counts the pullback's adjoint accumulations from the kinds the emitter gives its lines
/// (<see cref="LineKind"/>), and attributes them through the loop blocks it opens with <see cref="CodeWriter.OpenLoop"/>
/// (Cost/CostAnalysis.cs). An accumulation written as plain text would silently drop out of SRCAD1001–1004: these tests
/// read the printed lines back and check that every line that looks like a push, a pop or an accumulation was written
/// as one, and that every loop scope the printer opened has its block.
/// </summary>
public class PullbackLineKindTests
{
    private const string Handwritten = """
        [Differentiable]
        public static double Reassigned(double x, double[] a)
        {
            x = x * x + Math.Sin(x);
            double s = 0;
            int i = 0;
            while (s < 10 && i < a.Length) { s = s + a[i] * x; i++; }
            do { s = s * 0.5 + x; } while (s > 100);
            return s - x;
        }

        [Differentiable]
        public static void InOut(double[] x, Span<double> y)
        {
            for (int i = 0; i < y.Length; i++) y[i] = y[i] * Math.Sin(x[i]) + x[i];
        }

        [Differentiable]
        public static double Reallocated(double[] a, int n)
        {
            double s = 0;
            for (int t = 0; t < n; t++)
            {
                double[] u = new double[a.Length];
                for (int i = 0; i < a.Length; i++) u[i] = a[i] * (t + 1);
                for (int i = 0; i < a.Length; i++) s = s - Math.Exp(u[i] * 0.01);
            }
            return s;
        }

        [Differentiable, Checkpoint("t", Snapshots = 2)]
        public static double Euler(double[] u0, double k, int steps)
        {
            int d = u0.Length;
            double[] u = new double[d];
            double[] du = new double[d];
            for (int i = 0; i < d; i++) u[i] = u0[i];
            double energy = 0;
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < d; i++) du[i] = -k * u[i] * u[(i + 1) % d] + Math.Sin(u[i]);
                for (int i = 0; i < d; i++) u[i] = u[i] + 0.05 * du[i];
                energy = energy + u[0] * u[0];
            }
            return energy;
        }
        """;

    internal static string Source()
    {
        // The members RandomProgramTests' programs call, as its batches declare them.
        var sb = new StringBuilder("using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing SourceAD;\nnamespace R;\n");
        sb.Append("public static partial class Programs\n{\n").Append(RandomProgramTests.CalledMembers);
        sb.Append(Handwritten);
        var rng = new Random(20261207);
        for (int i = 0; i < 60; i++) sb.Append(new RandomProgramTests.ProgramWriter(rng).Method(i));
        return sb.Append("}\n").ToString();
    }

    [Fact]
    public void EveryPushPopAndAccumulationIsWrittenAsOne()
    {
        int checkedLines = 0, accumulations = 0;
        foreach (var (name, model) in CostHarness.Models(Source()))
        {
            var context = new DerivativeContext(model);
            var writer = new CodeWriter();
            new PullbackEmitter(context).EmitBody(writer);
            int loopBlocks = 0, depth = 0;
            foreach (WrittenLine line in writer.Lines)
            {
                foreach (string part in line.Text.Split('\n'))
                {
                    string t = part.Trim();
                    bool header = (t.StartsWith("for (", StringComparison.Ordinal) || t.StartsWith("while (", StringComparison.Ordinal)) && !t.EndsWith(";", StringComparison.Ordinal) || t == "do";
                    bool accumulation = !header && (t.Contains(" += ", StringComparison.Ordinal) || t.Contains(" -= ", StringComparison.Ordinal));
                    Assert.True(accumulation == (line.Kind == LineKind.Accumulate), $"{name}: '{t}' is written as {line.Kind}");
                    Assert.True((t.Contains(".Push(", StringComparison.Ordinal) || t.Contains(".PushRange(", StringComparison.Ordinal)) == (line.Kind == LineKind.Push), $"{name}: '{t}' is written as {line.Kind}");
                    Assert.True((t.Contains(".Pop()", StringComparison.Ordinal) || t.Contains(".PopRange(", StringComparison.Ordinal)) == (line.Kind == LineKind.Pop), $"{name}: '{t}' is written as {line.Kind}");
                    Assert.True(t == "{" == (line.Kind == LineKind.Open), $"{name}: '{t}' is written as {line.Kind}");
                    if (line.Kind == LineKind.Accumulate) accumulations++;
                    checkedLines++;
                }
                if (line.Kind == LineKind.Open && line.Scope is not null) loopBlocks++;
                depth += line.Kind switch { LineKind.Open => 1, LineKind.Close => -1, _ => 0 };
                Assert.True(depth >= 0, $"{name}: a block closes that was not opened");
            }
            Assert.Equal(0, depth);
            // Every scope the printer opened (the root aside) is the body of one loop block the emitter wrote.
            Assert.Equal(context.Printer.Scopes.Count - 1, loopBlocks);
        }
        Assert.True(accumulations > 100, $"only {accumulations} accumulations in {checkedLines} lines");
    }

    [Fact]
    public void AppendWritesWhatCopyingTheTextLineByLineWrote()
    {
        var cases = new List<CodeWriter>
        {
            new(),
            new CodeWriter().Line().Line(),
            new CodeWriter().Line("a = 1;").Open("if (a > 0)").Line(LineKind.Accumulate, "da += 2;").Line().Close().Line().Line(),
            new CodeWriter().Open("for (;;)").Line("Console.WriteLine(\"two\n  lines\");").Line("   ").Close(" while (x);"),
        };
        foreach (CodeWriter inner in cases)
        {
            var copied = new CodeWriter().Open("outer");
            foreach (string line in inner.ToString().TrimEnd('\n').Split('\n')) copied.Line(line);
            var appended = new CodeWriter().Open("outer").Append(inner);
            Assert.Equal(copied.Close().ToString(), appended.Close().ToString());
        }
        var kinds = new CodeWriter().Open("x").Append(cases[2]).Lines;
        Assert.Single(kinds, l => l.Kind == LineKind.Accumulate && l.Text == "    da += 2;");
    }
}
