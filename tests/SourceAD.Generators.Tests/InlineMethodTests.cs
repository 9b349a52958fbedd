using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// [Differentiable] methods with ref/out parameters are inlined where [Differentiable] methods call them (SRCAD0040 on
/// the method itself); a recursive one is refused. A throw caught by its own method is refused with the branch it
/// stands for as the rewrite. (Derivatives of the inlined forms are checked by the natural corpus: OutParamsHelper,
/// KahanRefHelper, TryParseRoot.)
/// </summary>
public class InlineMethodTests
{
    private const string Usings = "using System;\nusing SourceAD;\n";

    private static Task Run(string body, params DiagnosticResult[] expected) =>
        new Verify.Analyzer<DifferentiableAnalyzer>(Usings + "public static partial class C\n{\n" + body + "\n}\n", expected).RunAsync();

    [Fact]
    public Task OutParameterMethodGetsInformationAndItsCallerNothing() => Run("""
            [Differentiable]
            static bool {|#0:TrySolve|}(double a, double b, out double r) { r = -b / a; return a != 0; }
            [Differentiable]
            static double Root(double a, double b) => TrySolve(a, b, out double r) ? r * r : 0;
        """, new DiagnosticResult("SRCAD0040", DiagnosticSeverity.Info).WithLocation(0).WithArguments("TrySolve"));

    [Fact]
    public Task RecursiveOutParameterMethodIsRefusedAtTheCall() => Run("""
            [Differentiable]
            static void {|#0:Halve|}(ref double v, int n) { if (n > 0) { v *= 0.5; {|#1:Halve(ref v, n - 1)|}; } }
            [Differentiable]
            static double F(double x) { double v = x * x; {|#2:Halve(ref v, 3)|}; return v; }
        """,
        new DiagnosticResult("SRCAD0040", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Halve"),
        new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(1).WithArguments("The recursive method 'Halve' with ref or out parameters", "return the results instead of passing them out (a method may then call itself)"));

    [Fact]
    public Task ThrowCaughtBySameMethodShowsTheBranch() => Run("""
            [Differentiable]
            static double SafeLog(double x)
            {
                {|#0:try
                {
                    if (x <= 0) throw new ArgumentOutOfRangeException(nameof(x));
                    return Math.Log(x);
                }
                catch (ArgumentException)
                {
                    return double.NegativeInfinity;
                }|}
            }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments(
            "A throw caught by the same method (an exception used as a jump)",
            "branch instead: where it throws, do what the catch does ('if (x <= 0) return double.NegativeInfinity;'), and drop the try/catch"));

    [Fact]
    public void CallerOfAnOutParameterMethodCompilesWithoutGeneratedMembersForIt()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable]
                static bool TrySolve(double a, double b, out double r) { r = -b / a; return a != 0; }
                [Differentiable]
                public static double Root(double a, double b) => TrySolve(a, b, out double r) ? r * r : 0;
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "Root" }, result.Results.Single().GeneratedSources.Select(s => s.HintName.Split('(')[0].Split('.').Last()));
    }
}
