using Microsoft.CodeAnalysis;
using Xunit;
using static SourceAD.Generators.Tests.Optimizers.UpdateRuleGeneratorHarness;

namespace SourceAD.Generators.Tests.Optimizers;

/// <summary>Unsupported rules give a precise compile-time diagnostic and no generated code.</summary>
public sealed class UpdateRuleDiagnosticsTests
{
    private static string Rule(string body, string signature = "public static void R<T>(ref T theta, in T g, T lr)", string type = "public static partial class Rules") => $$"""
        using System.Numerics;
        using SourceAD.Optimizers;
        namespace Demo;
        {{type}}
        {
            [UpdateRule]
            {{signature}}
                where T : IFloatingPointIeee754<T>
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("theta = g > T.Zero ? theta - lr : theta;", "g > T.Zero ? theta - lr : theta", "conditional operator")]
    [InlineData("if (g > T.Zero) { theta -= lr; }", "if (g > T.Zero) { theta -= lr; }", "'if' statement")]
    [InlineData("theta -= lr * T.Exp(g);", "T.Exp(g)", "the call 'Exp'")]
    [InlineData("theta -= lr * Helper(g);", "Helper(g)", "the call 'Helper'")]
    [InlineData("for (int i = 0; i < 2; i++) { theta -= lr * g; }", "for (int i = 0; i < 2; i++) { theta -= lr * g; }", "a loop")]
    [InlineData("theta = T.CreateChecked(g.GetHashCode());", "T.CreateChecked(g.GetHashCode())", "the call 'CreateChecked'")]
    public void Unsupported_constructs_are_reported_at_their_location(string body, string offending, string message)
    {
        var source = Rule(body).Replace("namespace Demo;", "namespace Demo;\nstatic class H { }")
            .Replace("    }\n}", "    }\n    static T Helper<T>(T x) => x;\n}");
        var (driver, _, diagnostics) = Run(source);

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "SRCAD3101");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(offending, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(message, diagnostic.GetMessage());
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void Assigning_the_gradient_is_reported()
    {
        var (_, _, diagnostics) = Run(Rule("g = lr; theta -= g;", "public static void R<T>(ref T theta, ref readonly T g, T lr)"));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "SRCAD3104");
        Assert.Contains("'g'", diagnostic.GetMessage());
    }

    [Fact]
    public void Assigning_a_scalar_coefficient_is_reported()
    {
        var (_, _, diagnostics) = Run(Rule("lr = lr * lr; theta -= lr * g;"));
        Assert.Single(diagnostics, d => d.Id == "SRCAD3104");
    }

    [Theory]
    [InlineData("public void R<T>(ref T theta, in T g, T lr)", "must be static")]
    [InlineData("public static void R<T>(T theta, in T g, T lr)", "at least one 'ref' parameter")]
    [InlineData("public static void R<T>(ref T theta, in T g, int lr)", "parameter 'lr' must have the element type")]
    [InlineData("public static void R<T>(ref T theta, out T g, T lr)", "parameter 'g' must be 'ref' (state)")]
    public void Invalid_signatures_are_reported(string signature, string message)
    {
        var body = signature.Contains("out T g") ? "g = lr; theta -= lr;" : "theta -= theta;";
        var (_, _, diagnostics) = Run(Rule(body, signature));
        Assert.Contains(diagnostics, d => d.Id == "SRCAD3102" && d.GetMessage().Contains(message));
    }

    [Fact]
    public void A_non_partial_containing_type_is_reported()
    {
        var (driver, _, diagnostics) = Run(Rule("theta -= lr * g;", type: "public static class Rules"));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "SRCAD3103");
        Assert.Contains("Rules", diagnostic.GetMessage());
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Theory]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R<T>(ref T theta, in T g { theta = ; } }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R<T>(ref T theta, in T g) where T : IFloatingPointIeee754<T> { theta = theta +; } }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R(ref Unknown theta) { theta = theta * 2; } }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static extern void R(ref float theta); }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R(ref float theta) { theta = nameof(theta).Length; } }")]
    [InlineData("[UpdateRule] public static partial class Rules { }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R<T>(ref T theta) where T : IFloatingPointIeee754<T> { theta = theta switch { _ => theta }; } }")]
    [InlineData("public static partial class Rules { [UpdateRule] public static void R(ref float a, ref double b) { a = a; } }")]
    public void The_generator_never_throws_on_malformed_input(string declaration)
    {
        var source = "using System.Numerics;\nusing SourceAD.Optimizers;\nnamespace Demo;\n" + declaration;
        var (driver, _, _) = Run(source);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "CS8784");
    }
}
