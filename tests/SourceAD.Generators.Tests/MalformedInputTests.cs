using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>The generator never throws: half-typed code as seen mid-edit yields no output and no exception (never CS8785).</summary>
public class MalformedInputTests
{
    internal const string Valid = """
        using System;
        using SourceAD;
        namespace Demo;
        public partial class Model
        {
            private readonly double _scale = 2;
            [Differentiable]
            public double Loss(double[] w, [NoDerivative] double[] x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double z = w[i] * x[i] * _scale;
                    if (z > 0) s += Math.Log(1 + z); else s -= z * z;
                    if (s > 100) break;
                }
                return Math.Sqrt(s * s + 1);
            }
            [Differentiable]
            public static T G<T>(T a) where T : System.Numerics.IFloatingPointIeee754<T> => T.Exp(a) * a;
        }
        """;

    public static IEnumerable<object[]> Truncations()
    {
        // Every 7th prefix of the file, and the file with each 11th character deleted.
        for (int cut = 0; cut < Valid.Length; cut += 7) yield return new object[] { Valid.Substring(0, cut) };
        for (int del = 0; del < Valid.Length; del += 11) yield return new object[] { Valid.Remove(del, 1) };
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void NeverThrows(string source)
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }

    [Fact]
    public void ValidSourceGeneratesWithoutErrors()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(Valid);
        Assert.Equal(2, result.Results.Single().GeneratedSources.Length);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { return Foo(x); }")]
    [InlineData("[Differentiable] public static double F(double x) { double P(double v, int n) => n == 0 ? 1 : v * P(v, n - 1); return P(x, 2); }")]
    [InlineData("[Differentiable] public static double F(double x) { goto end; end: return x; }")]
    [InlineData("[Differentiable] public static double F(double x) => x +")]
    [InlineData("[Differentiable] public static int F(double x) => 1;")]
    [InlineData("[Differentiable] public static double F(ref double x) => x;")]
    [InlineData("[Differentiable] public static double F(double x) { try { return x; } finally { } }")]
    [InlineData("[Differentiable] public static double F(double x) => Math.IEEERemainder(x, 2.0);")]
    [InlineData("[Differentiable] public static double F(double x) => Helper(x); static double Helper(double v) { try { return v; } finally { } }")]
    [InlineData("[Differentiable] public static double F(double x) => Helper(x); static double Helper(double v) => Helper(v +);")]
    public void UnsupportedCodeProducesNoOutputAndNoException(string member)
    {
        string source = "using System; using SourceAD; public static partial class C { " + member + " }";
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }

    internal const string ValidTensor = """
        using SourceAD;
        using SourceAD.Tensors;
        namespace Demo;
        public partial class Net
        {
            [Parameter] public Tensor W = null!, B = null!, G = null!, Be = null!;
            public Tensor Rm = null!, Rv = null!;
            public bool Training;
            [Differentiable]
            public Tensor Block(Tensor h) { var s = h; h = Ops.Tanh(Ops.Linear(h, W, B)); return Ops.Add(h, s); }
            [Differentiable]
            public Tensor Loss(Tensor x, Tensor[] xs, int[] labels, int depth)
            {
                var h = Ops.BatchNorm2d(x, G, Be, Rm, Rv, Training);
                var f = Ops.Flatten(h);
                for (int i = 0; i < depth; i++) { f = Block(f); for (int j = 0; j < xs.Length; j++) f = Ops.Add(f, xs[j]); foreach (var e in xs) f = Ops.Mul(f, e); }
                Tensor y;
                if (Training) y = Ops.Relu(f); else { y = Ops.Sigmoid(f); }
                return Ops.CrossEntropy(y, labels);
            }
            [Differentiable]
            public Tensor Names(Tensor y0, Tensor g1, int count0) { var dy0 = Ops.Mul(y0, g1); for (int i = 0; i < count0; i++) { var tape = dy0; dy0 = Ops.Add(tape, y0); } return dy0; }
            [Differentiable]
            public static Tensor Free(Tensor a, [NoDerivative] Tensor b) { var acc = a; for (int k = 2; k >= 0; k--) acc = Ops.Mul(acc, b); return acc; }
        }
        """;

    public static IEnumerable<object[]> TensorTruncations()
    {
        for (int cut = 0; cut < ValidTensor.Length; cut += 7) yield return new object[] { ValidTensor.Substring(0, cut) };
        for (int del = 0; del < ValidTensor.Length; del += 11) yield return new object[] { ValidTensor.Remove(del, 1) };
    }

    [Theory]
    [MemberData(nameof(TensorTruncations))]
    public void TensorProgramsNeverThrow(string source) => NeverThrows(source);

    [Fact]
    public void ValidTensorSourceGeneratesAndCompiles()
    {
        var (_, diagnostics, result) = GeneratorHarness.Run(ValidTensor);
        Assert.Equal(5, result.Results.Single().GeneratedSources.Length); // Block, Loss, Names, Free, Parameters
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; while (h != null) h = Ops.Relu(h); return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; for (int i = 0; i < 3; i *= 2) h = Ops.Relu(h); return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; for (int i = 0; i < 3; i++) { i++; h = Ops.Relu(h); } return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; if (x.Item() > 0) h = Ops.Relu(h); return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; for (int i = 0; i < 3; i++) { int k = i; h = Ops.Relu(h); } return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { for (int i = 0; i < 3; i++) return x; return x; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) => F(x);")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = Ops.Relu(x); var z = Tensor.Zeros(h.Shape); return Ops.Add(h, z); }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) => Ops.ReluBackward(x, x, DerivativePolicy.PyTorch);")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) => new Net().G(x);")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) => Helper(x); static Tensor Helper(Tensor v) => v;")]
    [InlineData("[Differentiable] public static Tensor F([NoDerivative] Tensor x) => Ops.Relu(x);")]
    [InlineData("[Differentiable] public Tensor F<TT>(Tensor x) => Ops.Relu(x);")]
    [InlineData("[Differentiable] public Tensor F(ref Tensor x) => Ops.Relu(x);")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { int n = 2; n++; var h = x; for (int i = 0; i < n; i++) h = Ops.Relu(h); return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; switch (1) { default: h = Ops.Relu(h); break; } return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; try { h = Ops.Relu(h); } finally { } return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x) { var h = x; foreach (var v in new[] { 1 }) h = Ops.Relu(h); return h; }")]
    [InlineData("[Differentiable] public Tensor F(Tensor x, System.Collections.Generic.List<Tensor> xs) { var h = x; foreach (var v in xs) h = Ops.Add(h, v); return h; }")]
    public void UnsupportedTensorCodeProducesNoDerivativesAndNoException(string member)
    {
        string source = "using System; using SourceAD; using SourceAD.Tensors; public partial class Net { [Parameter] public Tensor W = null!; public Tensor G(Tensor v) => v; " + member + " }";
        var (_, diagnostics, result) = GeneratorHarness.Run(source);
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".Derivatives.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SRCAD0999");
    }
}
