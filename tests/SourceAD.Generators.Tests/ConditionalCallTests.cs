using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// <c>Debug.Assert</c> and other <c>[Conditional]</c> calls in [Differentiable] code (GradBench's det, gap G3): derivative
/// code leaves them out, as C# does where their symbol is undefined; one whose arguments assign is still refused.
/// </summary>
public class ConditionalCallTests
{
    private const string Source = """
        using System;
        using System.Diagnostics;
        using SourceAD;

        public static partial class Checked
        {
            [Differentiable]
            public static double Poly(double[] a, double x)
            {
                Debug.Assert(a.Length > 0, "no coefficients");
                double s = 0;
                for (int i = a.Length - 1; i >= 0; i--)
                {
                    Debug.Assert(i < a.Length);
                    s = s * x + a[i];
                }
                Trace.Assert(!double.IsNaN(s));
                return s;
            }
        }
        """;

    [Fact]
    public void AssertsAreLeftOutOfDerivativeCode()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(Source);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        Type t = GeneratorHarness.Load(Source).GetType("Checked")!;
        double[] a = { 0.5, -1.0, 2.0 };
        const double x = 0.3;
        var gradient = (ITuple)t.GetMethod("PolyGradient")!.Invoke(null, new object[] { a, x })!;
        Assert.Equal(t.GetMethod("Poly")!.Invoke(null, new object[] { a, x }), gradient[0]);
        Assert.Equal(new[] { 1, x, x * x }, (double[])gradient[1]!);
        Assert.Equal(-1.0 + 2 * 2.0 * x, (double)gradient[2]!, 12);
    }

    [Fact]
    public Task AnAssertThatAssignsIsRefused() => new Verify.Analyzer<SourceAD.Analyzers.DifferentiableAnalyzer>("""
        using System;
        using System.Diagnostics;
        using SourceAD;

        public static partial class Checked
        {
            [Differentiable]
            public static double Count(double x)
            {
                int k = 0;
                {|#0:Debug.Assert(k++ == 0)|};
                return x * k;
            }
        }
        """, new Microsoft.CodeAnalysis.Testing.DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("The [Conditional] call 'Debug.Assert(k++ == 0)', whose arguments assign,", "assign before the call and pass the value: derivative code leaves [Conditional] calls out")).RunAsync();
}
