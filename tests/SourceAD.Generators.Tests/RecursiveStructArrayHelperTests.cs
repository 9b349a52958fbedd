using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// A recursive helper returning an array of structs (corpus ComplexFftRecursive: a radix-2 FFT over <c>Complex[]</c>)
/// stays refused: generated derivative members return scalars or write outputs, never a fresh array, and recursion
/// cannot be inlined. The refusal names the helper and the rewrite (loops over local arrays in the method), and a
/// non-recursive helper gets the other rewrite.
/// </summary>
public class RecursiveStructArrayHelperTests
{
    [Fact]
    public Task ARecursiveHelpersArrayOfStructsIsRefusedWithTheRewrite() => new Verify.Analyzer<DifferentiableAnalyzer>("""
        using System.Numerics;
        using SourceAD;

        public static partial class Fft
        {
            private static Complex[] Halve(Complex[] a)
            {
                if (a.Length == 1) return a;
                var h = new Complex[a.Length / 2];
                for (int i = 0; i < h.Length; i++) h[i] = a[2 * i] + a[2 * i + 1];
                return Halve(h);
            }

            [Differentiable]
            public static double Power(double[] x)
            {
                var a = new Complex[x.Length];
                for (int i = 0; i < x.Length; i++) a[i] = new Complex(x[i], 0);
                Complex[] r = {|#0:Halve(a)|};
                return r[0].Magnitude;
            }
        }
        """, new DiagnosticResult("SRCAD0001", DiagnosticSeverity.Error).WithLocation(0).WithArguments(
            "The array of structs ('System.Numerics.Complex[]') that 'Halve' returns",
            "a recursive helper cannot return an array of structs to a [Differentiable] method (derivative members return scalars or write outputs, and recursion cannot be inlined); " +
            "compute it in the method with loops over local arrays (for an FFT: the bit-reversal permutation, then the butterfly passes), or return one double[] per member")).RunAsync();
}
