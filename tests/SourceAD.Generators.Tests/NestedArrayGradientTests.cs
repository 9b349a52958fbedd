using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Nested AD over arrays: [Differentiable] methods that use an array element of another method's generated gradient
/// (<c>g.DB[i]</c>, <c>FGradient(a, b).DB[i]</c>, <c>g.DB</c> passed to a span parameter or iterated) or call its
/// generated pullback, differentiated in both modes. Each program (signature (double a, double[] b, …)) is checked by
/// central differences of the caller itself (whose value runs the generated inner derivative), the dot-product test of
/// its pushforward (forward over reverse) against its gradient (reverse over reverse), the value oracle, and closed
/// forms where they exist. The perturbation-confusion example of Siskind and Pearlmutter checks that the levels stay apart.
/// </summary>
public class NestedArrayGradientTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class NestedArrays
        {
            // F(a, b) = Σ exp(a·bᵢ) + a·bᵢ²: ∂F/∂bᵢ = a·exp(a·bᵢ) + 2a·bᵢ, ∂F/∂a = Σ bᵢ·exp(a·bᵢ) + bᵢ².
            [Differentiable]
            public static double Inner(double a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < b.Length; i++) s += Math.Exp(a * b[i]) + a * b[i] * b[i];
                return s;
            }

            // A tuple local: the scalar element and the array element indexed in a loop.
            [Differentiable]
            public static double GradNormSq(double a, double[] b)
            {
                var g = InnerGradient(a, b);
                double s = g.DA * g.DA;
                for (int i = 0; i < b.Length; i++) s += g.DB[i] * g.DB[i];
                return s;
            }

            // Indexing the call's array element directly.
            [Differentiable]
            public static double FirstSlope(double a, double[] b) => InnerGradient(a, b).DB[1] * a + Math.Sin(InnerGradient(a, b).DB[0]);

            [Differentiable]
            public static double SumSin(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += Math.Sin(v[i]) * (i + 1);
                return s;
            }

            // The array element passed to a span parameter of another [Differentiable] method.
            [Differentiable]
            public static double Passed(double a, double[] b)
            {
                var g = InnerGradient(a, b);
                return SumSin(g.DB) + g.Value * a;
            }

            // foreach over the call's array element, and a deconstruction with an array element.
            [Differentiable]
            public static double Iterated(double a, double[] b)
            {
                double s = 0;
                foreach (double d in InnerGradient(a, b).DB) s += d * d * d;
                var (v, da, db) = InnerGradient(a * 0.5, b);
                return s + v * da + db[2];
            }

            // Q(x) = ½ xᵀAx, A = [[2, 1, 0], [1, 4, 1], [0, 1, 6]]: ∇Q = Ax.
            [Differentiable]
            public static double Quadratic(double[] x) =>
                x[0] * x[0] + 2 * x[1] * x[1] + 3 * x[2] * x[2] + x[0] * x[1] + x[1] * x[2];

            // ½‖∇Q(x)‖² = ½ xᵀA²x, whose gradient is A²x.
            [Differentiable]
            public static double QuadraticGradNorm(double[] x)
            {
                var g = QuadraticGradient(x);
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += g.DX[i] * g.DX[i];
                return 0.5 * s;
            }

            // Gradient descent on Q from x0, differentiated through every step (the iterate is a local array).
            [Differentiable]
            public static double Descend(double a, double[] x0)
            {
                var x = new double[x0.Length];
                for (int i = 0; i < x.Length; i++) x[i] = x0[i];
                for (int step = 0; step < 3; step++)
                {
                    var g = QuadraticGradient(x);
                    for (int i = 0; i < x.Length; i++) x[i] -= a * g.DX[i];
                }
                return Quadratic(x);
            }

            // The generated pullback inside [Differentiable] code: its value and both adjoints, seed an input.
            [Differentiable]
            public static double PulledBack(double a, double[] b)
            {
                double da = 0;
                var db = new double[b.Length];
                double v = InnerPullback(a, b, a * a, ref da, db);
                double s = v + da * da;
                for (int i = 0; i < b.Length; i++) s += db[i] * b[i];
                return s;
            }

            // The pullback as a statement, adding into adjoints that already hold values.
            [Differentiable]
            public static double PulledBackStatement(double a, double[] b)
            {
                double da = 0.5;
                var db = new double[b.Length];
                db[0] = a;
                InnerPullback(a, b, 2.0, ref da, db);
                return da * db[0] + db[1] * db[2];
            }

            // Anharmonic springs to the origin plus unit springs between neighbours.
            [Differentiable]
            public static double Potential(double stiffness, double[] q)
            {
                double energy = 0;
                for (int i = 0; i < q.Length; i++) energy += 0.5 * stiffness * q[i] * q[i] + 0.25 * q[i] * q[i] * q[i] * q[i];
                for (int i = 0; i + 1 < q.Length; i++) energy += 0.5 * (q[i + 1] - q[i]) * (q[i + 1] - q[i]);
                return energy;
            }

            // Symplectic Euler from rest under the force −∇U (a local array initialized with the gradient's element).
            [Differentiable]
            public static double FinalKineticEnergy(double stiffness, double[] start)
            {
                const double dt = 0.05;
                var q = new double[start.Length];
                var v = new double[start.Length];
                for (int i = 0; i < q.Length; i++) q[i] = start[i];
                for (int step = 0; step < 10; step++)
                {
                    var force = PotentialGradient(stiffness, q).DQ;
                    for (int i = 0; i < q.Length; i++)
                    {
                        v[i] -= dt * force[i];
                        q[i] += dt * v[i];
                    }
                }
                double kinetic = 0;
                foreach (double vi in v) kinetic += 0.5 * vi * vi;
                return kinetic;
            }

            // The pushforwards of the programs above, for the tests (reflection cannot pass spans).
            public static (double Value, double Tangent) Forward(string name, double a, double[] b, double ta, double[] tb) => name switch
            {
                "GradNormSq" => GradNormSqPushforward(a, b, ta, tb),
                "FirstSlope" => FirstSlopePushforward(a, b, ta, tb),
                "Passed" => PassedPushforward(a, b, ta, tb),
                "Iterated" => IteratedPushforward(a, b, ta, tb),
                "Descend" => DescendPushforward(a, b, ta, tb),
                "PulledBack" => PulledBackPushforward(a, b, ta, tb),
                "PulledBackStatement" => PulledBackStatementPushforward(a, b, ta, tb),
                "FinalKineticEnergy" => FinalKineticEnergyPushforward(a, b, ta, tb),
                _ => throw new ArgumentException(name),
            };

            public static (double Value, double Tangent) QuadraticGradNormForward(double[] x, double[] t) => QuadraticGradNormPushforward(x, t);

            [Differentiable]
            public static double Add(double x, double y) => x + y;

            // Siskind–Pearlmutter: f(x) = x · (d/dy (x + y) at y = 1), so f'(x) = 1; a confused system gives 2.
            [Differentiable]
            public static double Confusion(double x) => x * AddGradient(x, 1.0).DY;

            [Differentiable]
            public static double ConfusionForward(double x) => x * AddPushforward(x, 1.0, 0.0, 1.0).Tangent;
        }
        """;

    private static readonly Lazy<Type> Program = new(() => GeneratorHarness.Load(Source).GetType("NestedArrays")!);

    private static object? Call(string name, params object[] args) => Program.Value.GetMethod(name)!.Invoke(null, args);

    private static readonly double[] B = { 0.3, -0.5, 0.9, 0.2 };

    /// <summary>The value of a program of (double a, double[] b) at the packed point (a, b…).</summary>
    private static double Value(string name, double[] x) => (double)Call(name, x[0], x[1..])!;

    /// <summary>The packed gradient (∂a, ∂b…) and the value, from the generated FGradient.</summary>
    private static (double Value, double[] Gradient) Gradient(string name, double[] x)
    {
        var t = (ITuple)Call(name + "Gradient", x[0], x[1..])!;
        return ((double)t[0]!, new[] { (double)t[1]! }.Concat((double[])t[2]!).ToArray());
    }

    public static TheoryData<string> Programs => new() { "GradNormSq", "FirstSlope", "Passed", "Iterated", "Descend", "PulledBack", "PulledBackStatement", "FinalKineticEnergy" };

    private static double[] Point(string name) => name == "Descend" ? new[] { 0.05, 0.7, -0.4, 1.1 } : new[] { 0.8 }.Concat(B).ToArray();

    [Fact]
    public void EveryProgramIsLoweredWithoutDiagnostics()
    {
        // The generator leaves a refused method out silently (the analyzer reports why): lower each one as both do.
        var compilation = GeneratorHarness.Compilation(Source);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        foreach (var decl in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(d => d.AttributeLists.Count > 0))
        {
            var symbol = (IMethodSymbol)model.GetDeclaredSymbol(decl)!;
            var (rebound, method) = NestedDerivativeStubs.Rebind(symbol, decl, model, default);
            var lowered = MethodPipeline.Lower(method, decl, rebound, symbol.GetAttributes()[0], null, default, out var diagnostics);
            Assert.True(diagnostics.Count == 0, symbol.Name + ": " + string.Join("; ", diagnostics.Select(d => d.Descriptor.Id + " " + string.Join(" | ", d.Args))));
            Assert.NotNull(lowered);
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ReverseOverReverseMatchesFiniteDifferencesAndTheValueOracle(string name)
    {
        double[] x = Point(name);
        var (value, g) = Gradient(name, x);
        Assert.Equal(Value(name, x), value); // value oracle, bit for bit
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h; minus[i] -= h;
            double fd = (Value(name, plus) - Value(name, minus)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{name}: ∂/∂x{i} {g[i]} vs finite differences {fd}");
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ForwardOverReverseAgreesWithReverseOverReverse(string name)
    {
        double[] x = Point(name);
        double[] t = { 0.7, -0.3, 1.2, 0.4, -0.9 };
        var pushforward = (ITuple)Call("Forward", name, x[0], x[1..], t[0], t[1..])!;
        var (value, g) = Gradient(name, x);
        double dot = g.Zip(t, (p, q) => p * q).Sum();
        Assert.Equal(value, (double)pushforward[0]!);
        Assert.True(Math.Abs(dot - (double)pushforward[1]!) <= 1e-10 * Math.Max(1, Math.Abs(dot)), $"{name}: ⟨∇f, t⟩ {dot} vs pushforward {pushforward[1]}");
    }

    [Fact]
    public void QuadraticFormClosedForm()
    {
        double[] x = { 0.4, -1.3, 0.8 };
        double[,] a = { { 2, 1, 0 }, { 1, 4, 1 }, { 0, 1, 6 } };
        var t = (ITuple)Call("QuadraticGradNormGradient", new object[] { x })!;
        double[] g = (double[])t[1]!;
        var ax = new double[3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) ax[i] += a[i, j] * x[j];
        for (int i = 0; i < 3; i++)
        {
            double a2x = 0;
            for (int j = 0; j < 3; j++) a2x += a[i, j] * ax[j];
            Assert.Equal(a2x, g[i], 12);
        }
        Assert.Equal(0.5 * ax.Sum(v => v * v), (double)t[0]!, 12);

        // Forward over reverse: the tangent along e₁ is (A²x)₁.
        var p = (ITuple)Call("QuadraticGradNormForward", x, new double[] { 0, 1, 0 })!;
        Assert.Equal(g[1], (double)p[1]!, 12);
    }

    [Fact]
    public void InnerElementsClosedForm()
    {
        // GradNormSq = (∂F/∂a)² + Σ (∂F/∂bᵢ)², with ∂F/∂bᵢ = a·exp(a·bᵢ) + 2a·bᵢ: its ∂/∂b_k is
        // 2·Fa·∂²F/∂a∂b_k + 2·F_bk·∂²F/∂b_k², where ∂²F/∂a∂b_k = exp(a b_k)(1 + a b_k) + 2 b_k and ∂²F/∂b_k² = a² exp(a b_k) + 2a.
        double a = 0.8;
        double fa = B.Sum(b => b * Math.Exp(a * b) + b * b);
        var (_, g) = Gradient("GradNormSq", new[] { a }.Concat(B).ToArray());
        for (int k = 0; k < B.Length; k++)
        {
            double b = B[k], e = Math.Exp(a * b);
            double fb = a * e + 2 * a * b, fab = e * (1 + a * b) + 2 * b, fbb = a * a * e + 2 * a;
            Assert.Equal(2 * fa * fab + 2 * fb * fbb, g[1 + k], 10);
        }
    }

    [Fact]
    public void NoPerturbationConfusion()
    {
        // d/dx [x · (d/dy (x + y))(1)] at x = 1 is 1; confusing the two perturbations would give 2.
        Assert.Equal(1.0, (double)((ITuple)Call("ConfusionGradient", 1.0)!)[1]!);
        Assert.Equal(1.0, (double)((ITuple)Call("ConfusionPushforward", 1.0, 1.0)!)[1]!);
        Assert.Equal(1.0, (double)((ITuple)Call("ConfusionForwardGradient", 1.0)!)[1]!);
        Assert.Equal(1.0, (double)((ITuple)Call("ConfusionForwardPushforward", 1.0, 1.0)!)[1]!);
    }
}
