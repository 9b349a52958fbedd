using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using SourceAD.Tensors;
using Xunit.Abstractions;

namespace SourceAD.Backends.Tests.Programs;

/// <summary>
/// The generated derivatives of <see cref="EveryOpProgram"/> (every registry row) on the CPU backend in float64: the
/// value oracle, the pullback against central finite differences, and the dot-product test between the pushforward
/// and the pullback.
/// </summary>
public class EveryOpProgramTests(ITestOutputHelper output)
{
    private static double Dot(Tensor a, Tensor b)
    {
        Assert.Equal(a.ShapeArray, b.ShapeArray);
        double[] x = a.ToDoubleArray(), y = b.ToDoubleArray();
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    private static Tensor Axpy(Tensor x, Tensor d, double e)
    {
        double[] a = x.ToDoubleArray(), b = d.ToDoubleArray();
        for (int i = 0; i < a.Length; i++) a[i] += e * b[i];
        return Tensor.FromArray(a, x.ShapeArray);
    }

    // Arguments: x, target, then the 7 parameters (the running statistics are fresh copies in every call).
    private static readonly Tensor[] Parameters = EveryOpProgram.Initial(new SeededRandom(5));

    private static EveryOpProgram Model(Tensor[] a) => new([.. a[2..], .. Parameters[EveryOpProgram.ParameterCount..]]);

    private static Tensor Value(Tensor[] a) => Model(a).Loss(a[0], a[1], EveryOpProgram.Labels);

    private static (Tensor Value, Tensor[] Adjoints) Pullback(Tensor[] a, Tensor seed)
    {
        var g = new EveryOpProgram.Gradients();
        Tensor v = Model(a).LossPullback(a[0], a[1], EveryOpProgram.Labels, seed, g, out Tensor dx, out Tensor dtarget, DerivativePolicy.PyTorch);
        return (v, [dx, dtarget, g.Wc!, g.Bc!, g.Gamma!, g.Beta!, g.W1!, g.B1!, g.M!]);
    }

    private static (Tensor Value, Tensor Tangent) Pushforward(Tensor[] a, Tensor[] t) =>
        Model(a).LossPushforward(a[0], a[1], EveryOpProgram.Labels,
            new EveryOpProgram.Gradients { Wc = t[2], Bc = t[3], Gamma = t[4], Beta = t[5], W1 = t[6], B1 = t[7], M = t[8] }, t[0], t[1], DerivativePolicy.PyTorch);

    private static Tensor[] Arguments(SeededRandom rng) => [.. EveryOpProgram.Inputs(rng), .. Parameters[..EveryOpProgram.ParameterCount]];

    private static Tensor[] Directions(Tensor[] x, SeededRandom rng) =>
        x.Select(t => TensorInit.Uniform(t.ShapeArray, -1, 1, rng, DType.Float64)).ToArray();

    /// <summary>The program calls every public registry row (read from its source, next to this file).</summary>
    [Fact]
    public void TheProgramCallsEveryRegistryRow()
    {
        string source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "EveryOpProgram.cs"));
        var called = Regex.Matches(source, @"Ops\.(\w+)\(").Select(m => m.Groups[1].Value).ToHashSet();
        string[] missing = OpSpecs.All.Select(s => s.Name).Where(n => !called.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, $"EveryOpProgram does not call: {string.Join(", ", missing)}.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    [Fact]
    public void PullbackMatchesValueAndCentralFiniteDifferences()
    {
        var rng = new SeededRandom(90210);
        Tensor[] x = Arguments(rng);
        Tensor[] t = Directions(x, rng);
        using Tensor y = Value(x);
        using Tensor seed = Tensor.FromArray([1.0], []);
        (Tensor value, Tensor[] adjoints) = Pullback(x, seed);
        Assert.Equal(y.ToDoubleArray(), value.ToDoubleArray()); // the value oracle, bit for bit
        double reverse = 0;
        for (int i = 0; i < t.Length; i++) reverse += Dot(adjoints[i], t[i]);

        double S(double e)
        {
            Tensor[] xe = x.Select((v, i) => Axpy(v, t[i], e)).ToArray();
            using Tensor ye = Value(xe);
            return ye.Item();
        }
        const double h = 1e-5;
        double fd = (S(h) - S(-h)) / (2 * h);
        output.WriteLine($"reverse {reverse:R}, central differences {fd:R}");
        Assert.True(Math.Abs(reverse) > 1e-3, "a degenerate test: the directional derivative is zero");
        Assert.True(Math.Abs(reverse - fd) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"reverse {reverse:R} vs finite differences {fd:R}");
    }

    [Fact]
    public void ForwardAndReverseModesAreTransposes()
    {
        var rng = new SeededRandom(31337);
        Tensor[] x = Arguments(rng);
        Tensor[] t = Directions(x, rng);
        (Tensor value, Tensor tangent) = Pushforward(x, t);
        using Tensor y = Value(x);
        Assert.Equal(y.ToDoubleArray(), value.ToDoubleArray());
        using Tensor w = Tensor.FromArray([0.7], []);
        (_, Tensor[] adjoints) = Pullback(x, w);
        double forward = Dot(tangent, w), reverse = 0;
        for (int i = 0; i < t.Length; i++) reverse += Dot(adjoints[i], t[i]);
        output.WriteLine($"<J t, w> = {forward:R}, <t, J^T w> = {reverse:R}");
        Assert.True(Math.Abs(forward) > 1e-3, "a degenerate test");
        Assert.True(Math.Abs(forward - reverse) <= 1e-12 * Math.Max(1, Math.Abs(forward)), $"{forward:R} vs {reverse:R}");
    }
}
