using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.CodeFixes;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The mechanical rewrite of refusals about data parameters, as a code fix: mark the parameter [NoDerivative] (corpus
/// NullableDefaultParameter's rewrite). The fixed program compiles with no diagnostic, so the fix is the whole rewrite.
/// </summary>
public class MarkNoDerivativeCodeFixTests
{
    private static DiagnosticResult D(string id) => new(id, DiagnosticSeverity.Error);

    [Fact]
    public Task ANullableOptionalParameterIsMarked() => new Verify.CodeFix<DifferentiableAnalyzer, MarkNoDerivativeCodeFix>("""
        using System;
        using SourceAD;

        public static partial class Ridge
        {
            [Differentiable]
            public static double Loss(double w, double? lambda = null) => w * w * ({|#0:lambda|} ?? 0.1);
        }
        """, """
        using System;
        using SourceAD;

        public static partial class Ridge
        {
            [Differentiable]
            public static double Loss(double w, [NoDerivative] double? lambda = null) => w * w * (lambda ?? 0.1);
        }
        """,
        D("SRCAD0001").WithLocation(0).WithArguments("Reading the nullable parameter 'lambda'", "mark it [NoDerivative] if it is data, or take a plain double with a default (double lambda = …) to differentiate it")).RunAsync();

    [Fact]
    public Task ASequenceWithoutIndexerIsMarkedWithTheQualifiedNameWhereSourceADIsNotImported() => new Verify.CodeFix<DifferentiableAnalyzer, MarkNoDerivativeCodeFix>("""
        using System.Collections.Generic;

        public static partial class Stats
        {
            [SourceAD.Differentiable]
            public static double Scaled(double x, IEnumerable<double> {|#0:weights|}) => x * x;
        }
        """, """
        using System.Collections.Generic;

        public static partial class Stats
        {
            [SourceAD.Differentiable]
            public static double Scaled(double x, [SourceAD.NoDerivative] IEnumerable<double> weights) => x * x;
        }
        """,
        D("SRCAD0004").WithLocation(0).WithArguments("Scaled",
            "parameter 'weights' is a 'System.Collections.Generic.IEnumerable<double>', which has no indexer; take double[], ReadOnlySpan<double>, List<double> or IReadOnlyList<double> instead, or mark it [NoDerivative]")).RunAsync();

    [Fact]
    public Task ASettingsStructReadAsDataIsMarked() => new Verify.CodeFix<DifferentiableAnalyzer, MarkNoDerivativeCodeFix>("""
        using System;
        using SourceAD;

        public sealed class Settings { public double Gain = 2; }

        public static partial class Amp
        {
            [Differentiable]
            public static double Out(double x, Settings s) => x * {|#0:s.Gain|};
        }
        """, """
        using System;
        using SourceAD;

        public sealed class Settings { public double Gain = 2; }

        public static partial class Amp
        {
            [Differentiable]
            public static double Out(double x, [NoDerivative] Settings s) => x * s.Gain;
        }
        """,
        D("SRCAD0001").WithLocation(0).WithArguments("Reading 's.Gain' of the parameter 's', whose type holds floating values,",
            "mark 's' [NoDerivative] if it is data (its values are then constants), or pass the values to differentiate as double or double[] parameters")).RunAsync();

    [Fact]
    public void OtherRefusalsOfferNoFix()
    {
        // A refusal whose rewrite is not a [NoDerivative] mark carries no parameter, so the fix registers nothing.
        var diagnostics = GeneratorHarness.BuildDiagnostics("""
            using System;
            using SourceAD;
            public static partial class G
            {
                [Differentiable]
                public static double F(double x) { goto done; done: return x; }
            }
            """);
        Assert.Contains(diagnostics, d => d.Id == "SRCAD0001");
        Assert.All(diagnostics.Where(d => d.Id == "SRCAD0001"), d => Assert.False(d.Properties.ContainsKey(Generators.Diagnostics.DiagnosticDescriptors.NoDerivativeParameterProperty)));
    }
}
