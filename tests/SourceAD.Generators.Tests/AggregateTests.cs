using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Differentiable aggregates, one construct per program: each is generated, compiled and put through the corpus checks
/// (value oracle bit for bit, central finite differences, Pullback's linearity in the seed, the dot-product test between
/// pushforward and pullback). Refusals are clean SRCAD0001s at the construct, and half-typed struct code never throws.
/// </summary>
public class AggregateTests
{
    private const string Usings = "using System;\nusing System.Numerics;\nusing SourceAD;\nnamespace Agg;\n";

    private const string Vec = """
        public struct Vec
        {
            public double X;
            public double Y;
            public int Tag;
            public Vec(double x, double y) { X = x; Y = y; Tag = 7; }
            public double Dot(Vec o) => X * o.X + Y * o.Y;
            public double Length => Math.Sqrt(Dot(this));
            public Vec Scaled(double s) => new Vec(X * s, Y * s);
            public void Shift(double dx) { X += dx; }
            public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y);
            public static Vec operator -(Vec a, Vec b) => new(a.X - b.X, a.Y - b.Y);
            public static Vec operator *(double s, Vec v) => new(s * v.X, s * v.Y);
        }
        public readonly record struct P3(double X, double Y, double Z);
        public record Pt(double X, double Y);
        public struct Body { public Vec Pos; public double Mass; }
        """;

    private static void Works(string name, string entry, string args, string body)
    {
        string source = $"// entry: Agg.F.{entry}\n// args: {args}\n// expect: works\n{Usings}{Vec}\npublic static partial class F\n{{\n{body}\n}}\n";
        CorpusOutcome outcome = CorpusRunner.Check(CorpusProgram.Parse(name, source));
        Assert.True(outcome.Verdict == Verdict.Works, $"{name}: {outcome.Verdict}: {outcome.Detail}\n{source}");
    }

    [Fact]
    public void MemberReadsOfParameters() => Works("MemberReads", "M", "new Agg.Vec(1.5, -0.5), new Agg.P3(0.2, 0.3, 0.4), 2.0",
        "[Differentiable] public static double M(Vec a, P3 p, double s) => a.X * p.Y + Math.Sin(a.Y * p.Z) + s * p.X * a.Tag;");

    [Fact]
    public void ConstructorsOperatorsAndMethods() => Works("Operators", "M", "new Agg.Vec(1.5, -0.5), new Agg.Vec(0.25, 2.0), 0.7",
        "[Differentiable] public static double M(Vec a, Vec b, double s) { Vec c = a + s * b - new Vec(s, 1); return c.Dot(a) + (a - b).Length + c.Scaled(s).X; }");

    [Fact]
    public void ObjectInitializerWithAndDeconstruction() => Works("WithDeconstruct", "M", "new Agg.P3(0.2, 0.3, 0.4), new Agg.Pt(1.0, -2.0), 1.5",
        "[Differentiable] public static double M(P3 p, Pt q, double s) { var r = p with { Y = p.Y * s }; var (x, y, z) = r; Pt t = q with { X = q.X + x }; var v = new Vec { X = z, Y = t.X }; return x * y + z * t.X * t.Y + v.X * v.Y; }");

    [Fact]
    public void MutableLocalMembersAndMutatingMethods() => Works("Mutation", "M", "new Agg.Vec(1.5, -0.5), 0.3",
        "[Differentiable] public static double M(Vec a, double dx) { Vec p = a; p.X += dx; p.Y *= p.X; p.Shift(dx * dx); a.Shift(p.Y); a.Y++; return p.X * p.Y + a.X * a.Y; }");

    [Fact]
    public void NestedAggregatesAndStaticHelpers() => Works("Nested", "M", "new Agg.Body { Pos = new Agg.Vec(0.5, 1.5), Mass = 2.0 }, 0.4",
        "static Vec Mid(Vec a, Vec b) => 0.5 * (a + b);\n" +
        "[Differentiable] public static double M(Body body, double t) { var m = Mid(body.Pos, new Vec(t, t * t)); body.Pos.Y += t; return body.Mass * m.Dot(body.Pos); }");

    [Fact]
    public void ArraysOfAggregatesInLoops() => Works("Arrays", "M", "new Agg.Vec[] { new(1.0, 2.0), new(-0.5, 0.25), new(0.3, 0.9) }, 0.5",
        "[Differentiable] public static double M(Vec[] ps, double k) { var q = new Vec[ps.Length]; for (int i = 0; i < ps.Length; i++) { q[i] = k * ps[i]; q[i].Y += ps[i].X; }\n" +
        "double s = 0; foreach (Vec v in q) s += v.Dot(v); for (int i = 1; i < q.Length; i++) s += (q[i] - q[i - 1]).Length; return s; }");

    [Fact]
    public void ConditionalAggregates() => Works("Conditional", "M", "new Agg.Vec(1.5, -0.5), new Agg.Vec(0.25, 2.0)",
        "[Differentiable] public static double M(Vec a, Vec b) { Vec c = a.X > b.X ? a : b; Vec d = a.Dot(b) > 0 ? a + b : a - b; return c.Dot(d); }");

    [Fact]
    public void NumericsVectors() => Works("Vectors", "M", "new System.Numerics.Vector3(0.3f, -0.4f, 1.2f), new System.Numerics.Vector3(1.1f, 0.2f, -0.7f), new System.Numerics.Vector2(0.5f, 0.25f)",
        "[Differentiable] public static double M(Vector3 a, Vector3 b, Vector2 c) { var n = Vector3.Normalize(a); var x = Vector3.Cross(a, b) / 2f; " +
        "return Vector3.Dot(n, b) + x.LengthSquared() + Vector3.Cross(b, a).X * x.Y + Vector3.Distance(a, b) + (c * 3f - new Vector2(1f)).Length() + Vector3.DistanceSquared(-a, b * a); }");

    [Fact]
    public void ComplexArithmetic() => Works("Complex", "M", "0.7, -0.4, 1.3",
        "[Differentiable] public static double M(double x, double y, double w) { var z = new Complex(x, y); Complex u = Complex.Exp(z * w) / (z + 2.0) - Complex.Conjugate(z) * 0.5 + 1.0 / z; " +
        "u += Complex.FromPolarCoordinates(w, x); return u.Magnitude + u.Real * u.Imaginary + z.Phase; }");

    [Fact]
    public void ComplexParameters() => Works("ComplexParam", "M", "new System.Numerics.Complex(0.6, -0.8), new System.Numerics.Complex(-0.3, 0.45)",
        "[Differentiable] public static double M(Complex a, Complex b) { var q = a / b; return Complex.Abs(q * q) + (a - b).Imaginary; }");

    [Fact]
    public void ComplexDivisionTakesBothSmithBranches()
    {
        // |d| < |c| and |d| ≥ |c| select the two arms of Smith's formula; both must agree with .NET bit for bit.
        Works("SmithSmallD", "M", "new System.Numerics.Complex(0.6, -0.8), new System.Numerics.Complex(2.0, 0.5)",
            "[Differentiable] public static double M(Complex a, Complex b) { var q = a / b; var r = 3.0 / b; return q.Real + 2 * q.Imaginary + r.Real * r.Imaginary; }");
        Works("SmithLargeD", "M", "new System.Numerics.Complex(0.6, -0.8), new System.Numerics.Complex(0.5, 2.0)",
            "[Differentiable] public static double M(Complex a, Complex b) { var q = a / b; var r = 3.0 / b; return q.Real + 2 * q.Imaginary + r.Real * r.Imaginary; }");
    }

    [Fact]
    public void SurfaceKeepsTheUsersTypes()
    {
        string source = Usings + Vec + "\npublic static partial class F { [Differentiable] public static double M(Vec a, Vec[] ps, P3 p, double s) => a.X * ps[0].Y * p.Z * s; }";
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        string generated = string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("ref global::Agg.Vec da", generated);
        Assert.Contains("global::System.Span<global::Agg.Vec> dps", generated);
        Assert.Contains("(double Value, global::Agg.Vec DA, global::Agg.Vec[] DPs, global::Agg.P3 DP, double DS) MGradient", generated);
        Assert.Contains("MPushforward(global::Agg.Vec a, global::Agg.Vec[] ps, global::Agg.P3 p, double s, global::Agg.Vec da, global::System.ReadOnlySpan<global::Agg.Vec> dps, global::Agg.P3 dp, double ds)", generated);
    }

    /// <summary>
    /// The adjoint's passive members (generators/README.md, "Generated surface"): Pullback leaves them as the caller
    /// passed them, so Gradient's struct adjoints (from <c>default</c>) have them zero and a record's (rebuilt from the
    /// primal, as a record need not have a usable default) has the primal's.
    /// </summary>
    [Fact]
    public void PassiveMembersOfAdjointsFollowTheirStartingValue()
    {
        string source = Usings + Vec + "\npublic record Tagged(double W, int N);\npublic static partial class F { [Differentiable] public static double M(Vec a, Vec[] ps, Tagged t) => a.X * ps[0].Y * t.W * t.N; }";
        Type f = GeneratorHarness.Load(source).GetType("Agg.F")!;
        Type vec = f.Assembly.GetType("Agg.Vec")!, tagged = f.Assembly.GetType("Agg.Tagged")!;
        object a = Activator.CreateInstance(vec, 1.5, -0.5)!;
        Array ps = Array.CreateInstance(vec, 1);
        ps.SetValue(Activator.CreateInstance(vec, 2.0, 3.0), 0);
        object t = Activator.CreateInstance(tagged, 0.5, 4)!;
        var g = (System.Runtime.CompilerServices.ITuple)f.GetMethod("MGradient")!.Invoke(null, new[] { a, ps, t })!;
        Assert.Equal(3.0 * 0.5 * 4, (double)vec.GetField("X")!.GetValue(g[1])!);
        Assert.Equal(0, (int)vec.GetField("Tag")!.GetValue(g[1])!);
        object dp0 = ((Array)g[2]!).GetValue(0)!;
        Assert.Equal(1.5 * 0.5 * 4, (double)vec.GetField("Y")!.GetValue(dp0)!);
        Assert.Equal(0, (int)vec.GetField("Tag")!.GetValue(dp0)!);
        Assert.Equal(1.5 * 3.0 * 4, (double)tagged.GetProperty("W")!.GetValue(g[3])!);
        Assert.Equal(4, (int)tagged.GetProperty("N")!.GetValue(g[3])!);
    }

    private static List<Diagnostic> Errors(string body, string types = "")
    {
        // As a user's build: the generator, then the analyzer that reports what the lowering refused.
        var (output, generated, _) = GeneratorHarness.Run(Usings + Vec + types + "\npublic static partial class F {\n" + body + "\n}");
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer());
        var diagnostics = generated.AddRange(output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999" or "AD0001");
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        return diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [Theory]
    [InlineData("public struct Bad { public double X; public double[] Weights; }", "[Differentiable] public static double M(Bad b) => b.X;", "Bad.Weights")]
    [InlineData("public struct Hidden { private double x; public double Y; public double Get() => x; }", "[Differentiable] public static double M(Hidden h) => h.Y;", "not accessible")]
    [InlineData("public readonly struct Sealed { public readonly double X; public Sealed(double a, double b) { X = a + b; } }", "[Differentiable] public static double M(Sealed s) => s.X;", "constructor with one parameter per member")]
    [InlineData("", "[Differentiable] public static double M(P3 p) => p == default ? 0 : p.X;", "op_Equality")]
    [InlineData("", "static double Rec(Vec a, int n) => n == 0 ? a.X : Rec(a, n - 1);\n[Differentiable] public static double M(Vec a) => Rec(a, 2);", "recursive")]
    [InlineData("", "[Differentiable] public static double M(Vec[] ps) { ps[0].X = 1; return ps[0].Y; }", "input array")]
    [InlineData("", "[Differentiable] public static double M(Vector3 a) => Vector3.Lerp(a, a, 0.5f).X;", "Lerp")]
    [InlineData("", "[Differentiable] public static double M(Pt p) { p.X.ToString(); return p.X; }", "")]
    public void RefusalsAreCleanAndLocated(string types, string body, string expected)
    {
        List<Diagnostic> errors = Errors(body, types);
        if (expected.Length == 0) return;
        Diagnostic d = Assert.Single(errors, e => e.Id.StartsWith("SRCAD", StringComparison.Ordinal));
        Assert.Contains(expected, d.GetMessage(), StringComparison.Ordinal);
        Assert.NotEqual(Location.None, d.Location);
    }

    private const string Cached = Usings + Vec + """
        public static partial class F
        {
            [Differentiable] public static double M(Vec a, Vec[] ps, P3 p, Complex z, Vector3 v) => a.Dot(ps[0]) * p.Z + (z * z).Magnitude + Vector3.Dot(v, v);
        }
        """;

    [Fact]
    public void UnrelatedEditLeavesAggregateModelsCached()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Cached, "namespace Other; public class A { public int X => 1; }");
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);
        SyntaxTree old = first.SyntaxTrees.Last();
        driver = driver.RunGenerators(first.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText("namespace Other; public class A { public int X => 2; }", GeneratorHarness.ParseOptions, path: old.FilePath)));
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        var outputs = steps[DifferentiableGenerator.Steps.Lowered].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void AggregateModelHoldsNoSymbolsSyntaxOrLocations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(Cached);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        var decl = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "M");
        IMethodSymbol symbol = model.GetDeclaredSymbol(decl)!;
        var lowered = MethodPipeline.Lower(symbol, decl, model, symbol.GetAttributes()[0], null, default, out _);
        Assert.NotNull(lowered);
        Assert.NotEmpty(lowered!.Surface);
        IncrementalTests.Walk(lowered, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Theory]
    [InlineData("[Differentiable] public static double M(Vec a) => a.")]
    [InlineData("[Differentiable] public static double M(Vec a) { Vec b = a with { X = }; return b.X; }")]
    [InlineData("[Differentiable] public static double M(Vec a) { Vec b = new Vec(a.X, ; return b.Dot(a); }")]
    [InlineData("[Differentiable] public static double M(Missing a) => a.X;")]
    [InlineData("[Differentiable] public static double M(Vec a) => a.Nope(a) + Vector3.Dot(a, a);")]
    [InlineData("public struct Half2 { public double X; public Half2(double x) { X = } }\n[Differentiable] public static double M(Half2 h) => new Half2(h.X).X;")]
    public void HalfTypedStructCodeNeverThrows(string body)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Usings + Vec + "\npublic static partial class F {\n" + body + "\n}");
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
        Assert.All(result.Results, r => Assert.Null(r.Exception));
    }
}
