using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Helpers that update their output in place, the way GradBench's C++ references are written (README of
/// tests/SourceAD.GradBench, gaps G5, G6 and G12): ba's <c>radial_distort</c> (<c>proj[0] = proj[0] * L</c>) called by
/// <c>project</c>, which reads <c>proj</c> back afterwards; ht's <c>scale_col</c>/<c>scale_row</c> (<c>m[…] *= val</c>),
/// <c>apply_global_transform</c> (reads the positions, then rewrites them), <c>relatives_to_absolutes</c> (reads entries
/// it wrote in an earlier iteration) and the skinning loop (<c>fill</c>, then <c>+=</c>); lstm's <c>lstm_model</c>, which
/// updates its state through span locals sliced from it (<c>Span&lt;double&gt; cell = state.Slice(h); cell[i] = cell[i]
/// * forget + …</c>); and ht's per-bone matrices allocated inside the loop. Each objective is checked in both modes: the
/// gradient against central finite differences of the user's own method, the pushforward against the gradient (the
/// dot-product test), and the Value of Gradient and Pushforward against the method's own value, bit for bit.
/// </summary>
public class InPlaceHelperTests
{
    private const string Source = """
        using System;
        using SourceAD;

        public static partial class InPlace
        {
            // ba.hpp's radial_distort: proj is read, then rewritten.
            [Differentiable]
            public static void RadialDistort(ReadOnlySpan<double> rad, Span<double> proj)
            {
                double rsq = proj[0] * proj[0] + proj[1] * proj[1];
                double L = 1.0 + rad[0] * rsq + rad[1] * rsq * rsq;
                proj[0] = proj[0] * L;
                proj[1] = proj[1] * L;
            }

            // ba.hpp's project: writes proj, distorts it in place, then reads it back.
            [Differentiable]
            public static void Project(ReadOnlySpan<double> cam, ReadOnlySpan<double> X, Span<double> proj)
            {
                proj[0] = X[0] / X[2] + cam[0];
                proj[1] = X[1] / X[2] + cam[1];
                RadialDistort(cam.Slice(2), proj);
                proj[0] = proj[0] * cam[4] + cam[5];
                proj[1] = proj[1] * cam[4] + cam[6];
            }

            [Differentiable]
            public static double Reprojection(double[] x)
            {
                Span<double> proj = stackalloc double[2];
                Project(x, x.AsSpan(7), proj);
                return proj[0] * proj[0] + Math.Sin(proj[1]);
            }

            // light_matrix.h's scale_col and scale_row.
            [Differentiable]
            public static void ScaleCol(int nrows, Span<double> m, int i, double val)
            {
                for (int j = 0; j < nrows; j++)
                    m[i * nrows + j] *= val;
            }

            [Differentiable]
            public static void ScaleRow(int nrows, int ncols, Span<double> m, int i, double val)
            {
                for (int j = 0; j < ncols; j++)
                    m[j * nrows + i] *= val;
            }

            [Differentiable]
            public static double ScaledColumns(double[] x)
            {
                double[] R = new double[9];
                for (int k = 0; k < 9; k++) R[k] = Math.Cos(x[k]);
                for (int i = 0; i < 3; i++)
                    ScaleCol(3, R, i, x[9 + i]);
                ScaleRow(3, 3, R, 1, x[0]);
                double s = 0;
                for (int k = 0; k < 9; k++) s += R[k] * R[k] * (k + 1);
                return s;
            }

            // lstm.hpp's lstm_model: the state is updated in place through span locals sliced from it.
            [Differentiable]
            public static void Cell(int h, ReadOnlySpan<double> w, Span<double> state, ReadOnlySpan<double> input)
            {
                Span<double> hidden = state.Slice(0);
                Span<double> cell = state.Slice(h);
                for (int i = 0; i < h; i++)
                {
                    double forget = 1.0 / (1.0 + Math.Exp(-(input[i] * w[i])));
                    double change = Math.Tanh(hidden[i] * w[h + i]);
                    cell[i] = cell[i] * forget + change;
                    hidden[i] = Math.Tanh(cell[i]) * w[2 * h + i];
                }
            }

            // lstm.hpp's lstm_predict and objective: two layers, each state a slice, over three steps.
            [Differentiable]
            public static double Recurrent(double[] x)
            {
                double[] state = new double[8];
                for (int k = 0; k < 8; k++) state[k] = x[6 + k];
                double[] input = new double[2];
                input[0] = x[14];
                input[1] = x[15];
                double s = 0;
                for (int t = 0; t < 3; t++)
                {
                    for (int layer = 0; layer < 2; layer++)
                    {
                        Cell(2, x, state.AsSpan(4 * layer), input);
                        for (int j = 0; j < 2; j++) input[j] = state[4 * layer + j];
                    }
                    for (int j = 0; j < 2; j++) s += input[j] * (t + 1);
                }
                return s;
            }

            // lstm.hpp's lstm_predict as written: the layers' states are slices of an in-out state, updated in place.
            [Differentiable]
            public static void Predict(int l, int b, ReadOnlySpan<double> w, Span<double> state, ReadOnlySpan<double> input, Span<double> output)
            {
                double[] layer_output = new double[b];
                for (int i = 0; i < b; ++i)
                    layer_output[i] = input[i] * w[6 + i];
                for (int i = 0; i < l; ++i)
                {
                    Cell(b, w, state.Slice(2 * b * i), layer_output);
                    for (int j = 0; j < b; ++j)
                        layer_output[j] = state[2 * b * i + j];
                }
                for (int i = 0; i < b; ++i)
                    output[i] = layer_output[i] * w[i] + w[7 - i];
            }

            // lstm.hpp's objective: the state is carried from step to step in place.
            [Differentiable]
            public static double Sequence(double[] x)
            {
                double[] state = new double[8];
                for (int k = 0; k < 8; k++) state[k] = x[8 + k];
                double[] ypred = new double[2];
                double total = 0;
                for (int t = 0; t < 3; t++)
                {
                    Predict(2, 2, x, state, x.AsSpan(16 + t), ypred);
                    total += ypred[0] * ypred[1] + ypred[0];
                }
                return total;
            }

            // ht.hpp's relatives_to_absolutes: reads entries of its output written in earlier iterations.
            [Differentiable]
            public static void Chain(ReadOnlySpan<double> rel, int[] parents, Span<double> abs)
            {
                for (int i = 0; i < parents.Length; i++)
                {
                    if (parents[i] == -1)
                    {
                        abs[2 * i] = rel[2 * i];
                        abs[2 * i + 1] = rel[2 * i + 1];
                    }
                    else
                    {
                        double a = abs[2 * parents[i]], b = abs[2 * parents[i] + 1];
                        abs[2 * i] = a * rel[2 * i] - b * rel[2 * i + 1];
                        abs[2 * i + 1] = a * rel[2 * i + 1] + b * rel[2 * i];
                    }
                }
            }

            [Differentiable]
            public static double Absolutes(double[] x)
            {
                int[] parents = new int[4];
                parents[0] = -1;
                parents[1] = 0;
                parents[2] = 1;
                parents[3] = 0;
                double[] abs = new double[8];
                Chain(x, parents, abs);
                double s = 0;
                for (int k = 0; k < 8; k++) s += abs[k] * (k + 1);
                return s;
            }

            // ht.hpp's get_skinned_vertex_positions: fill, accumulate, mirror a row, transform in place.
            [Differentiable]
            public static void Fill(int size, Span<double> m, double val)
            {
                for (int i = 0; i < size; i++)
                    m[i] = val;
            }

            [Differentiable]
            public static void Transform(ReadOnlySpan<double> p, int ncols, Span<double> positions)
            {
                double[] tmp = new double[2 * ncols];
                for (int j = 0; j < ncols; j++)
                {
                    tmp[2 * j] = p[0] * positions[2 * j] - p[1] * positions[2 * j + 1];
                    tmp[2 * j + 1] = p[1] * positions[2 * j] + p[0] * positions[2 * j + 1];
                }
                for (int j = 0; j < ncols; j++)
                {
                    positions[2 * j] = tmp[2 * j] + p[2];
                    positions[2 * j + 1] = tmp[2 * j + 1];
                }
            }

            [Differentiable]
            public static void Skin(ReadOnlySpan<double> p, Span<double> positions, bool mirrored)
            {
                Fill(6, positions, 0.0);
                for (int bone = 0; bone < 2; bone++)
                    for (int v = 0; v < 3; v++)
                        for (int i = 0; i < 2; i++)
                        {
                            double change = p[3 + bone] * Math.Sin(p[5 + i + 2 * v] * (bone + 1));
                            positions[i + 2 * v] += change;
                        }
                if (mirrored)
                    ScaleRow(2, 3, positions, 0, -1);
                Transform(p, 3, positions);
            }

            [Differentiable]
            public static double Skinned(double[] x)
            {
                double[] positions = new double[6];
                Skin(x, positions, true);
                double s = 0;
                for (int k = 0; k < 6; k++) s += positions[k] * positions[k] * (k + 1);
                return s;
            }

            // Writes one entry, then reads another that it has not written yet (the first mention is a write).
            [Differentiable]
            public static void Shift(ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = x[0] * x[1];
                y[1] = y[1] * x[0] + y[0];
            }

            [Differentiable]
            public static double Shifted(double[] x)
            {
                double[] y = new double[2];
                y[0] = Math.Sin(x[2]);
                y[1] = Math.Cos(x[2]);
                Shift(x, y);
                return y[0] * y[1] + y[1];
            }

            // ht.hpp's get_posed_relatives: a matrix and a rotation allocated per bone, inside the loop.
            [Differentiable]
            public static void Rotation(ReadOnlySpan<double> angle, Span<double> R)
            {
                R[0] = Math.Cos(angle[0]);
                R[1] = Math.Sin(angle[0]);
            }

            [Differentiable]
            public static double PerBone(double[] x)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    double[] tr = new double[4];
                    tr[0] = Math.Cos(x[2 * i]);
                    tr[3] = x[2 * i + 1] * tr[0];
                    double[] R = new double[2];
                    Rotation(x.AsSpan(2 * i + 1), R);
                    tr[1] = R[1];
                    ScaleCol(2, tr, 1, x[2 * i]);
                    s += tr[0] * R[0] + tr[1] * tr[3] * R[1] + tr[2] + s * tr[3];
                }
                return s;
            }
        }
        """;

    private static readonly Lazy<Type> InPlace = new(() => GeneratorHarness.Load(Source).GetType("InPlace")!);

    private delegate (double Value, double Tangent) Pushforward(double[] x, ReadOnlySpan<double> dx);

    public static TheoryData<string, int> Objectives() => new()
    {
        { "Reprojection", 10 },
        { "ScaledColumns", 12 },
        { "Recurrent", 16 },
        { "Sequence", 20 },
        { "Absolutes", 8 },
        { "Skinned", 11 },
        { "PerBone", 7 },
        { "Shifted", 3 },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void GradientMatchesFiniteDifferencesAndThePushforward(string name, int n)
    {
        Type t = InPlace.Value;
        var f = t.GetMethod(name)!.CreateDelegate<Func<double[], double>>();
        var gradient = t.GetMethod(name + "Gradient")!.CreateDelegate<Func<double[], (double, double[])>>();
        var pushforward = t.GetMethod(name + "Pushforward")!.CreateDelegate<Pushforward>();
        var random = new Random(n);
        double[] x = Enumerable.Range(0, n).Select(_ => 0.3 + random.NextDouble()).ToArray();
        double[] tangent = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

        var (value, dx) = gradient(x);
        var (pushValue, derivative) = pushforward(x, tangent);
        // Value oracle: bit for bit what the user's method returns.
        Assert.Equal(f(x), value);
        Assert.Equal(f(x), pushValue);

        const double h = 1e-6;
        for (int i = 0; i < n; i++)
        {
            double[] xp = (double[])x.Clone(), xm = (double[])x.Clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (f(xp) - f(xm)) / (2 * h);
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"{name}: ∂/∂x{i}: finite differences {fd}, gradient {dx[i]}");
        }

        // Dot-product test: forward mode along t equals ⟨gradient, t⟩.
        double dot = dx.Zip(tangent, (a, b) => a * b).Sum();
        Assert.True(Math.Abs(dot - derivative) <= 1e-10 * (1 + Math.Abs(dot)), $"{name}: pushforward {derivative}, ⟨gradient, t⟩ {dot}");
    }
}
