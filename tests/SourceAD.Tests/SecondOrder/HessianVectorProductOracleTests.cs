using SourceAD.Tests.Checking;
using SourceAD.Tests.Programs;
using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.SecondOrder;

/// <summary>
/// The programs of the HVP benchmarks (tests/SourceAD.Benchmarks, HessianVectorProductBenchmarks and its MLP and GMM
/// companions) at small sizes, through <see cref="SecondOrderOracles.Scalar"/>: the HVP's value and gradient equal
/// FGradient's bit for bit, H·v equals differences of the gradient and the dense Hessian times v, the dense Hessian's
/// columns equal differences of the gradient, and it is symmetric.
/// </summary>
public sealed class HessianVectorProductOracleTests
{
    [Fact]
    public void ChainedRosenbrock()
    {
        double[] x = Numeric.Random(new Random(5), 7, 1.5);
        SecondOrderOracles.Scalar(x,
            v => CheckedPrograms.RosenbrockGradient(v) is var g ? (g.Value, g.DX) : default,
            (v, dir) => CheckedPrograms.RosenbrockHessianVectorProduct(v, dir) is var h ? (h.Value, h.DX, h.HX) : default,
            v => CheckedPrograms.RosenbrockHessian(v));
    }

    [Fact]
    public void GenericLogSumExp()
    {
        double[] x = Numeric.Random(new Random(6), 6, 2);
        SecondOrderOracles.Scalar(x,
            v => SecondOrderPrograms.LogSumExpGradient(v) is var g ? (g.Value, g.DX) : default,
            (v, dir) => SecondOrderPrograms.LogSumExpHessianVectorProduct(v, dir) is var h ? (h.Value, h.DX, h.HX) : default,
            v => SecondOrderPrograms.LogSumExpHessian(v));
    }

    [Fact]
    public void ScalarLoopMlp()
    {
        const int inputs = 3, hidden = 4;
        var rng = new Random(8);
        double[] input = Numeric.Random(rng, inputs);
        // w1 (hidden·inputs), b1 (hidden), w2 (hidden), b2, target: the differentiable inputs in parameter order.
        int o1 = hidden * inputs, o2 = o1 + hidden, o3 = o2 + hidden;
        double[] x = Numeric.Random(rng, o3 + 2, 0.8);
        (double[] W1, double[] B1, double[] W2, double B2, double Target) Split(double[] v) =>
            (v[..o1], v[o1..o2], v[o2..o3], v[o3], v[o3 + 1]);
        SecondOrderOracles.Scalar(x,
            v =>
            {
                var (w1, b1, w2, b2, t) = Split(v);
                var g = P.MlpGradient(w1, b1, w2, b2, input, t, hidden);
                return (g.Value, g.DW1.Concat(g.DB1).Concat(g.DW2).Append(g.DB2).Append(g.DTarget).ToArray());
            },
            (v, dir) =>
            {
                var (w1, b1, w2, b2, t) = Split(v);
                var (vw1, vb1, vw2, vb2, vt) = Split(dir);
                var h = P.MlpHessianVectorProduct(w1, b1, w2, b2, input, t, hidden, vw1, vb1, vw2, vb2, vt);
                return (h.Value, h.DW1.Concat(h.DB1).Concat(h.DW2).Append(h.DB2).Append(h.DTarget).ToArray(),
                    h.HW1.Concat(h.HB1).Concat(h.HW2).Append(h.HB2).Append(h.HTarget).ToArray());
            },
            v =>
            {
                var (w1, b1, w2, b2, t) = Split(v);
                return P.MlpHessian(w1, b1, w2, b2, input, t, hidden);
            });
    }

    [Theory]
    [InlineData(2, 3, 6)]
    [InlineData(3, 2, 4)]
    public void Gmm(int d, int k, int n)
    {
        var rng = new Random(d * 100 + k + 9);
        int lsz = d * (d - 1) / 2, o1 = k, o2 = o1 + k * d, o3 = o2 + k * d;
        double[] data = Numeric.Random(rng, n * d, 2);
        double[] x = Numeric.Random(rng, k).Concat(Numeric.Random(rng, k * d)).Concat(Numeric.Random(rng, k * d, 0.3))
            .Concat(Numeric.Random(rng, k * lsz, 0.5)).ToArray();
        (double[] Alpha, double[] Mu, double[] Q, double[] L) Split(double[] v) => (v[..o1], v[o1..o2], v[o2..o3], v[o3..]);
        SecondOrderOracles.Scalar(x,
            v =>
            {
                var (alpha, mu, q, l) = Split(v);
                var g = Programs.Gmm.ObjectiveGradient(alpha, mu, q, l, data, d, k, n, 1.5, 1);
                return (g.Value, g.DAlpha.Concat(g.DMu).Concat(g.DQ).Concat(g.DL).ToArray());
            },
            (v, dir) =>
            {
                var (alpha, mu, q, l) = Split(v);
                var (va, vmu, vq, vl) = Split(dir);
                var h = Programs.Gmm.ObjectiveHessianVectorProduct(alpha, mu, q, l, data, d, k, n, 1.5, 1, va, vmu, vq, vl);
                return (h.Value, h.DAlpha.Concat(h.DMu).Concat(h.DQ).Concat(h.DL).ToArray(), h.HAlpha.Concat(h.HMu).Concat(h.HQ).Concat(h.HL).ToArray());
            },
            v =>
            {
                var (alpha, mu, q, l) = Split(v);
                return Programs.Gmm.ObjectiveHessian(alpha, mu, q, l, data, d, k, n, 1.5, 1);
            });
    }
}
