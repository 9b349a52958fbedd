namespace SourceAD.GradBench.Shared;

/// <summary>
/// GradBench's cpp/adbench/shared/matrix.h and defs.h, line by line: the helpers gmm, ba and ht share. A C++ pointer
/// argument (<c>const T* x</c>) is a span; an output pointer (<c>T* out</c>) is a <see cref="Span{T}"/>.
/// C++'s name <c>out</c> is <c>@out</c> here and in every port (once gap G1, README "Gaps").
/// </summary>
public static partial class AdbenchMatrix
{
    /// <summary><c>typedef struct { double gamma; int m; } Wishart;</c></summary>
    public struct Wishart
    {
        /// <summary>Precision.</summary>
        public double gamma;

        /// <summary>Additional degrees of freedom.</summary>
        public int m;
    }

    // inline double log_gamma_distrib(double a, double p)
    public static double log_gamma_distrib(double a, double p)
    {
        double @out = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            @out = @out + LibM.lgamma(a + 0.5 * (1 - j));
        }
        return @out;
    }

    // This throws error on n<1
    // template <typename T> T arr_max(int n, const T* const x)
    [Differentiable]
    public static double arr_max(int n, ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, x[i]);
        }
        return m;
    }

    // template <typename T> T sqnorm(int n, const T* const x)
    [Differentiable]
    public static double sqnorm(int n, ReadOnlySpan<double> x)
    {
        double res = x[0] * x[0];
        for (int i = 1; i < n; i++)
            res = res + x[i] * x[i];
        return res;
    }

    // template <typename T> void cross(const T* const a, const T* const b, T* out)
    [Differentiable]
    public static void cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> @out)
    {
        @out[0] = a[1] * b[2] - a[2] * b[1];
        @out[1] = a[2] * b[0] - a[0] * b[2];
        @out[2] = a[0] * b[1] - a[1] * b[0];
    }

    // out = a - b
    // template <typename T1, typename T2, typename T3> void subtract(int d, const T1* const x, const T2* const y, T3* out)
    [Differentiable]
    public static void subtract(int d, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> @out)
    {
        for (int id = 0; id < d; id++)
        {
            @out[id] = x[id] - y[id];
        }
    }
}
