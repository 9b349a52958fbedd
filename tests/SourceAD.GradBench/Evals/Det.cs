using System.Diagnostics;
using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's det eval (cpp/gradbench/evals/det.hpp, CppAD's det_by_minor), line by line.</summary>
public static partial class Det
{
    // r[i] is the row following row 'i', and similarly 'c[i]' for columns. This is used to (relatively) efficiently
    // remove rows and columns, without actually moving the data.
    // template <typename T> T det_of_minor(const T* A, size_t n, size_t m, std::vector<size_t>& r, std::vector<size_t>& c)
    [Differentiable]
    public static double det_of_minor(ReadOnlySpan<double> A, int n, int m, int[] r, int[] c)
    {
        int R0 = r[n];
        Debug.Assert(R0 < n);
        int Cj = c[n];
        Debug.Assert(Cj < n);

        if (m == 1)
        {
            return A[R0 * n + Cj];
        }

        // Determinant of the minor M.
        double detM = 0;
        // Sign of factor for next sub-minor.
        int sign = 1;
        // Remove row with index 0 in M from all the sub-minors of M
        r[n] = r[R0];
        // C(j-1): initial index in c for previous column of the minor M
        int Cj1 = n;

        // for each column of M
        for (int j = 0; j < m; j++)
        {
            // M[0,j] = A[ R0, Cj ]
            // element with index (0, j) in the minor M
            double M0j = A[R0 * n + Cj];

            // remove column with index j in M to form next sub-minor S of M
            c[Cj1] = c[Cj];

            // detS: compute determinant of S, the sub-minor of M with row R(0) and column C(j) removed.
            double detS = det_of_minor(A, n, m - 1, r, c);

            // restore column with index j in represenation of M as a minor of A
            c[Cj1] = Cj;

            // detM: include this sub-minor term in the summation
            if (sign > 0)
            {
                detM = detM + M0j * detS;
            }
            else
            {
                detM = detM - M0j * detS;
            }

            // advance to next column of M
            Cj1 = Cj;
            Cj = c[Cj];
            sign = -sign;
        }

        // restore row zero to the minor representation for M
        r[n] = R0;

        return detM;
    }

    // template <typename T> void primal(size_t ell, const T* A, T* out)
    [Differentiable]
    public static void Primal(int ell, ReadOnlySpan<double> A, Span<double> @out)
    {
        int[] r = new int[ell + 1];
        int[] c = new int[ell + 1];
        for (int i = 0; i < ell; i++)
        {
            r[i] = i + 1;
            c[i] = i + 1;
        }
        @out[0] = det_of_minor(A, ell, ell, r, c);
    }
}

/// <summary>The det module: "primal" and "gradient" (one pullback with seed 1).</summary>
public sealed class DetEval : IEval
{
    /// <inheritdoc/>
    public string Name => "det";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] A = JsonInput.Doubles(JsonInput.Field(input, "A"));
        int ell = JsonInput.Int(JsonInput.Field(input, "ell"));
        if (ell < 1 || A.Length != ell * ell) throw new FormatException("A must hold ell·ell numbers, ell ≥ 1");
        var output = new double[1];
        switch (function)
        {
            case "primal":
                return new EvalRun(() => Det.Primal(ell, A, output), () => output[0]);
            case "gradient":
                var seed = new double[] { 1 };
                var dA = new double[ell * ell];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dA);
                        Det.PrimalPullback(ell, A, output, seed, dA);
                    },
                    () => JsonInput.Array(dA));
            default:
                return null;
        }
    }
}
