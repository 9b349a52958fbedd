using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// An array (or a jagged row) allocated again outside a loop: the new array's adjoint must not carry over to the one
/// it replaced. Reading an element of the new array that was never written (a constant 0) once sent its adjoint to
/// the old array's element at the same index, a silently wrong gradient. Rows written with an initializer
/// (<c>m[0] = new[] { … }</c>, <c>[ … ]</c>) are checked here too. Each program: the value oracle, finite differences,
/// the dot-product test, and the closed form.
/// </summary>
public class ReallocatedArrayTests() : SourceProgramTests(Source, "Realloc")
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class Realloc
        {
            // f = x0 + 0 · … : the second row 0 is (x0, 0), so ∂f/∂x1 = 0.
            [Differentiable]
            public static double RowAgain(double[] x)
            {
                var m = new double[1][];
                m[0] = new double[2];
                m[0][0] = x[0];
                m[0][1] = x[1];
                m[0] = new double[2];
                m[0][0] = x[0];
                return m[0][0] + 3 * m[0][1];
            }

            // The same with a flat local array.
            [Differentiable]
            public static double FlatAgain(double[] x)
            {
                var a = new double[2];
                a[0] = x[0];
                a[1] = x[1];
                double kept = a[1] * a[1];
                a = new double[2];
                a[0] = x[0] * x[0];
                return kept + a[0] + 3 * a[1];
            }

            // Rows from initializers; the third reads the row it replaces.
            [Differentiable]
            public static double RowInitializers(double[] x)
            {
                var m = new double[2][];
                m[0] = new double[] { x[0], x[1] };
                m[1] = new[] { x[1] * x[0], 3.0 };
                m[0] = [m[0][1] * 2, m[1][0]];
                return m[0][0] * m[1][0] + m[0][1] * m[1][1];
            }
        }
        """;

    private static readonly double[] X = { 0.7, -1.3 };

    public static TheoryData<string> Methods => new() { "RowAgain", "FlatAgain", "RowInitializers" };

    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    [Theory]
    [MemberData(nameof(Methods))]
    public void ValueDerivativesAndDotProduct(string name)
    {
        Type t = Program;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double[], double>>();
        var gradient = (ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { X })!;
        Assert.Equal(BitConverter.DoubleToInt64Bits(f(X)), BitConverter.DoubleToInt64Bits((double)gradient[0]!));
        double[] dx = (double[])gradient[1]!;
        FiniteDifference.AssertGradient(f, X, dx);
        double[] tx = { 0.4, -0.9 };
        var (value, tangent) = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>()(X, tx);
        Assert.Equal(BitConverter.DoubleToInt64Bits(f(X)), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(dx[0] * tx[0] + dx[1] * tx[1], tangent, 12);
    }

    /// <summary>
    /// Each pooled derivative buffer is rented into its variable by one statement of a method: the pushforward of
    /// FlatAgain rented <c>da</c> twice and returned it twice, so the pool handed one array to two renters and a test
    /// running beside this one got another's values (InOutOutputTests, in CI).
    /// </summary>
    [Fact]
    public void EachPooledBufferIsRentedOnceAndReturnedOnce()
    {
        var (_, _, result) = GeneratorHarness.Run(Source);
        string text = string.Join("\n", result.GeneratedTrees.Select(t => t.GetText().ToString()));
        var methods = System.Text.RegularExpressions.Regex.Split(text, @"\n    (?:public|private|internal) static ");
        foreach (string method in methods)
        {
            var rents = System.Text.RegularExpressions.Regex.Matches(method, @"(\w+) = global::SourceAD\.Runtime\.AdjointBuffer\.Rent<").Select(m => m.Groups[1].Value).ToList();
            foreach (string buffer in rents.Distinct())
            {
                Assert.True(rents.Count(r => r == buffer) == 1, $"'{buffer}' is rented by {rents.Count(r => r == buffer)} statements in:\n{method}");
                int returns = System.Text.RegularExpressions.Regex.Matches(method, $@"AdjointBuffer\.Return\({buffer}\)").Count;
                Assert.True(returns == 1, $"'{buffer}' is returned {returns} times in:\n{method}");
            }
        }
    }

    [Fact]
    public void ClosedForms()
    {
        Type t = Program;
        double[] Gradient(string name) => (double[])((ITuple)t.GetMethod(name + "Gradient")!.Invoke(null, new object[] { X })!)[1]!;
        Assert.Equal(new[] { 1.0, 0.0 }, Gradient("RowAgain"));
        Assert.Equal(new[] { 2 * X[0], 2 * X[1] }, Gradient("FlatAgain"));
        // m[1][0] = x1·x0, new m[0] = (2·x1, x1·x0), m[1][1] = 3: f = 2·x1·x1·x0 + 3·x1·x0.
        double[] g = Gradient("RowInitializers");
        Assert.Equal(2 * X[1] * X[1] + 3 * X[1], g[0], 12);
        Assert.Equal(4 * X[1] * X[0] + 3 * X[0], g[1], 12);
    }
}
