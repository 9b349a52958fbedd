using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>
/// Every row of <see cref="OpTable"/>, in float64: the forward rule against central finite differences along random
/// directions, and the backward rule against the forward rule through ⟨u, J·t⟩ = ⟨Jᵀ·u, t⟩.
/// </summary>
public class OpFiniteDifferenceTests
{
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    [Fact]
    public void EveryOpTableRowHasACase()
    {
        var covered = OpCases.All().Select(c => c.Op).ToHashSet();
        string[] missing = OpTable.All.Keys.Where(k => !covered.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, "No test case for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void ForwardRuleMatchesFiniteDifferencesAndBackwardRuleIsItsTranspose(string name)
    {
        (int index, OpCase c) = OpCases.Find(name);
        TensorOpRule rule = OpTable.All[c.Op];
        var rng = new SeededRandom(1000 + (ulong)index);
        Tensor?[] x = c.Inputs(rng, DType.Float64);
        using Tensor y = rule.Primal(x, c.Attributes);
        using Tensor u = TensorInit.Uniform(y.Shape, -1, 1, rng, DType.Float64);
        Tensor?[] adjoints = rule.Backward(x, c.Attributes, y, u);
        Assert.Equal(x.Length, adjoints.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] is null || adjoints[i] is null)
            {
                // Absent inputs have no adjoint; state inputs (batch norm's running statistics) are not differentiated.
                continue;
            }
            using Tensor t = TensorInit.Uniform(x[i]!.Shape, -1, 1, rng, DType.Float64);
            var tangents = new Tensor?[x.Length];
            tangents[i] = t;
            using Tensor jvp = rule.Jvp(x, c.Attributes, y, tangents);
            double[] fd = CentralDifference(rule, c.Attributes, x, i, t);
            AssertClose(fd, jvp.ToDoubleArray(), $"{name}: JVP along input {i}");
            double lhs = Dot(u.ToDoubleArray(), jvp.ToDoubleArray());
            double rhs = Dot(adjoints[i]!.ToDoubleArray(), t.ToDoubleArray());
            Assert.True(Math.Abs(lhs - rhs) <= 1e-10 * (1 + Math.Abs(lhs)), $"{name}: ⟨u, J t⟩ = {lhs} but ⟨Jᵀu, t⟩ = {rhs} for input {i}");
        }
        foreach (Tensor? t in x.Concat(adjoints))
        {
            t?.Dispose();
        }
    }

    private static double[] CentralDifference(TensorOpRule rule, OpAttributes attributes, Tensor?[] x, int i, Tensor t)
    {
        double[] at = x[i]!.ToDoubleArray(), dir = t.ToDoubleArray();
        double[] Eval(double h)
        {
            var shifted = (Tensor?[])x.Clone();
            using Tensor moved = Tensor.FromArray(at.Zip(dir, (a, d) => a + h * d).ToArray(), x[i]!.ShapeArray);
            shifted[i] = moved;
            using Tensor y = rule.Primal(shifted, attributes);
            return y.ToDoubleArray();
        }
        double[] plus = Eval(Step), minus = Eval(-Step);
        return plus.Zip(minus, (p, m) => (p - m) / (2 * Step)).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= Tolerance * scale,
                $"{what}: element {k} is {actual[k]}, finite differences give {expected[k]}.");
        }
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
}
