using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;
using Xunit;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// Each written line carries the floating operations printed for it (<see cref="WrittenLine.Ops"/>): a
/// <see cref="CodeWriter"/> bound to an <see cref="ExprPrinter"/> takes them when it writes the line, and the cost
/// analysis counts cost(P) and the pullback from the lines alone (Cost/CostAnalysis.cs, issue 17). An operation printed
/// for text no bound writer wrote, or a line copied without its counts, would drop out of SRCAD1001–1004 unseen: these
/// tests check the counts stay on the lines through printing and <see cref="CodeWriter.Append"/>, and read the
/// pullbacks of the random and hand-written programs back to check every transcendental call in their text is on its line's count.
/// </summary>
public class LineOpCountTests
{
    private static readonly Expr X = new Ref("double", "x"), Y = new Ref("double", "y"), Flag = new Ref("bool", "flag"), I = new Ref("int", "i");

    private static string Ops(WrittenLine line) =>
        line.Ops is null ? "" : string.Join(",", line.Ops.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    [Fact]
    public void ALineTakesTheOperationsPrintedForIt()
    {
        var printer = new ExprPrinter();
        var w = new CodeWriter(printer);
        w.Line($"z = {printer.Print(E.Add(E.Mul(X, Y), E.P("Exp", X)))};");
        w.Line("// nothing printed");
        // Integer arithmetic is not a floating operation.
        w.Line($"j = {printer.Print(new Bin("int", BinaryOp.Add, I, new Lit("int", 1)))};");
        // ?: runs one branch: its condition and, per operation, the dearer branch.
        w.Line($"z = {printer.Print(new Cond("double", Flag, E.Mul(E.Mul(X, Y), X), E.Add(E.P("Sin", X), Y)))};");
        Assert.Equal(new[] { "Add=1,Exp=1,Mul=1", "", "", "Add=1,Mul=2,Sin=1" }, w.Lines.Select(Ops));
        Assert.False(printer.HasUntakenCounts);
    }

    [Fact]
    public void OperationsPrintedForTextNoBoundWriterWroteStayUntaken()
    {
        var printer = new ExprPrinter();
        var unbound = new CodeWriter();
        unbound.Line($"z = {printer.Print(E.Mul(X, Y))};");
        Assert.Null(unbound.Lines[0].Ops);
        // The cost analysis refuses to count while they are untaken (CostAnalysis.Counts).
        Assert.True(printer.HasUntakenCounts);
        var bound = new CodeWriter(printer);
        bound.Line("next");
        Assert.Equal("Mul=1", Ops(bound.Lines[0]));
        Assert.False(printer.HasUntakenCounts);
    }

    [Fact]
    public void AppendKeepsEachLinesOperations()
    {
        var printer = new ExprPrinter();
        var inner = new CodeWriter(printer);
        inner.Line($"a = {printer.Print(E.P("Log", X))};");
        inner.OpenLoop($"for (i = 0; {printer.Print(new Bin("bool", BinaryOp.LessThan, X, Y))}; i++)", printer.EnterLoop("loop"));
        inner.Line(LineKind.Accumulate, $"dx += {printer.Print(E.Mul(X, Y))}; // two\nlines");
        printer.ExitLoop();
        inner.Close();
        var outer = new CodeWriter().Open("outer").Append(inner).Close();
        var lines = outer.Lines.Where(l => l.Ops is not null).Select(l => (l.Text.Trim(), Ops(l))).ToList();
        Assert.Equal(new[] { ("a = double.Log(x);", "Log=1"), ("dx += x * y; // two", "Mul=1") }, lines);
        // The scope each line runs in: the accumulation is in the loop's body.
        var scoped = outer.Scoped(printer.Scopes[0]).Where(x => x.Line.Ops is not null).Select(x => x.Scope.Loop).ToList();
        Assert.Equal(new object?[] { null, "loop" }, scoped);
    }

    [Fact]
    public void EveryPrintedTranscendentalCallOfAPullbackIsOnItsLine()
    {
        string[] rows = { "Exp", "Log", "Sin", "Cos", "Tanh", "Sqrt" };
        int counted = 0;
        var wrong = new List<string>();
        foreach (var (name, model) in CostHarness.Models(PullbackLineKindTests.Source()))
        {
            var context = new DerivativeContext(model);
            var writer = new CodeWriter(context.Printer);
            new PullbackEmitter(context).EmitBody(writer);
            Assert.False(context.Printer.HasUntakenCounts, $"{name}: operations were printed for text no line holds");
            foreach (WrittenLine line in writer.Lines)
            {
                foreach (string row in rows)
                {
                    // double.Exp(x), T.Exp(x): the printer's dialects; Math.Log(x, b) is the LogBase row.
                    int written = Occurrences(line.Text, "." + row + "("), carried = Carried(line, row) + (row == "Log" ? Carried(line, "LogBase") : 0);
                    // ≤: a ?: counts only its dearer branch; > 0: a call in the text is on the line's count.
                    if (!(carried <= written && (written == 0) == (carried == 0))) wrong.Add($"{name}: '{line.Text.Trim()}' carries {carried} {row}, writes {written}");
                    counted += carried;
                }
            }
        }
        Assert.Empty(wrong);
        Assert.True(counted > 100, $"only {counted} transcendental calls counted");
    }

    private static int Carried(WrittenLine line, string row) => line.Ops is not null && line.Ops.TryGetValue(row, out int n) ? n : 0;

    private static int Occurrences(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
