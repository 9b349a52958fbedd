using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Hint names are unique by construction. The collision matrix: namespaces × nested types × overloads of equal arity ×
/// generic arity × partial types across files, plus names that differ only in case (AddSource compares hint names
/// case-insensitively). Every method gets its own file, and everything compiles.
/// </summary>
public class HintNameTests
{
    private static readonly string[] Namespaces = { "", "A", "B", "A.Inner" };

    /// <summary>The same methods in every cell: overloads of equal arity, and a generic method of the same name.</summary>
    private static string Methods(string suffix) => $$"""
            [Differentiable] public static double Scale{{suffix}}(double x, double y) => x * y;
            [Differentiable] public static float Scale{{suffix}}(float x, float y) => x + y;
            [Differentiable] public static double Scale{{suffix}}(double[] x, double y) => x[0] * y;
            [Differentiable] public static T Scale{{suffix}}<T>(T x, T y) where T : System.Numerics.IFloatingPointIeee754<T> => x - y;
        """;

    /// <summary>One file: in each namespace, a type F, a generic F&lt;T&gt;, and F nested in Outer, each holding <paramref name="suffix"/>'s methods.</summary>
    private static string File(string suffix)
    {
        var sb = new System.Text.StringBuilder("using System;\nusing SourceAD;\n");
        foreach (string ns in Namespaces)
        {
            string open = ns.Length > 0 ? $"namespace {ns} {{\n" : "", close = ns.Length > 0 ? "}\n" : "";
            sb.Append(open);
            sb.Append($"public static partial class F {{\n{Methods(suffix)}\n}}\n");
            sb.Append($"public static partial class F<TT> {{\n{Methods(suffix)}\n}}\n");
            sb.Append($"public static partial class Outer {{ public static partial class F {{\n{Methods(suffix)}\n}} public static partial class F<TT> {{\n{Methods(suffix)}\n}} }}\n");
            sb.Append(close);
        }
        return sb.ToString();
    }

    [Fact]
    public void CollisionMatrixGeneratesOneFilePerMethodAndCompiles()
    {
        // Partial types across files: the first file holds Scale, the second Scale again under another method name and
        // the same overloads, so each type's methods come from two files.
        var (output, diagnostics, result) = GeneratorHarness.Run(File(""), File("2"));
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error || d.Id is "CS8785" or "SRCAD0999");
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        int methods = Namespaces.Length * 4 /* types */ * 2 /* files */ * 4 /* overloads */;
        Assert.Equal(methods, hints.Count);
        Assert.Equal(methods, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("A.Inner.Outer.F`1.Scale`1(T,T).Derivatives.g.cs", hints);
        Assert.Contains("B.F.Scale(double[],double).Derivatives.g.cs", hints);
    }

    [Fact]
    public void LongSignaturesGetShortDistinctNamesAndCompile()
    {
        // Found by the GradBench port and the op registry's test program: a method with many parameters of long types
        // had a file name over 255 bytes, which fails the build when generated files are written to disk.
        string parameters(string first) => string.Join(", ", Enumerable.Range(0, 12).Select(i => $"System.Collections.Generic.IReadOnlyDictionary<string, double> {first}{i}"));
        var (_, diagnostics, result) = GeneratorHarness.Run($$"""
            using SourceAD;
            namespace A.Very.Long.Namespace.Name;
            public static partial class Functions
            {
                [Differentiable] public static double F(double x, {{parameters("a")}}) => x * x;
                [Differentiable] public static double F(double x, int k, {{parameters("b")}}) => x * k;
                [Differentiable] public static double Größe(double x) => x * x;
            }
            """);
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(3, hints.Count);
        Assert.Equal(3, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(hints, h => Assert.True(h.Length <= SourceAD.Generators.Lowering.HintNames.MaxName + ".Derivatives.g.cs".Length, h));
        Assert.Equal(2, hints.Count(h => h.StartsWith("A.Very.Long.Namespace.Name.Functions.F(double,", StringComparison.Ordinal)));
        // A name with letters outside ASCII is escaped, not refused (Roslyn rejected the former '~' escape: SRCAD0999).
        Assert.Contains("A.Very.Long.Namespace.Name.Functions.Gr+f6++df+e(double).Derivatives.g.cs", hints);
    }

    [Fact]
    public void NamesDifferingOnlyInCaseGetTheirOwnFiles()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run("""
            using SourceAD;
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double f(double x) => 3 * x;
            }
            public static partial class c
            {
                [Differentiable] public static double F(double x) => x;
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error || d.Id is "CS8785" or "SRCAD0999");
        Assert.Equal(3, result.Results.Single().GeneratedSources.Length);
    }

    /// <summary>
    /// Found by the fuzz tests: deleting a namespace line mid-edit leaves the same method declared twice (CS0111). Both
    /// have the same hint name, which Roslyn would reject with an exception (CS8785, all output lost); they get no
    /// output, and every other method still does.
    /// </summary>
    [Fact]
    public void TheSameMethodDeclaredTwiceGetsNoOutputAndNoCrash()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run("""
            using SourceAD;
            public static partial class Functions
            {
                [Differentiable] public static double F(double x, double y) => x * y;
                [Differentiable] public static double G(double x) => x * x;
            }
            public static partial class Functions
            {
                [Differentiable] public static double F(double x, double y) => x * y;
            }
            """);
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
        Assert.Contains(diagnostics, d => d.Id == "CS0111");
        Assert.Equal(new[] { "G" }, result.Results.Single().GeneratedSources.Select(s => s.HintName.Split('(')[0].Split('.').Last()));
    }
}
