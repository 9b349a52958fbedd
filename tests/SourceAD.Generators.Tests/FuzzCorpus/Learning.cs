using System;
using SourceAD;

namespace Natural.Learning
{
    public partial class LogisticRegression
    {
        private readonly double[][] _features;
        private readonly int[] _labels;

        public LogisticRegression(double[][] features, int[] labels)
        {
            _features = features;
            _labels = labels;
        }

        public static double One => 1.0;

        [Differentiable]
        public double Loss(double[] w, double bias, double lambda)
        {
            double loss = 0;
            for (int n = 0; n < _labels.Length; n++)
            {
                double z = bias;
                for (int j = 0; j < w.Length; j++) z += w[j] * _features[n][j];
                double p = One / (One + Math.Exp(-z));
                loss -= _labels[n] == 1 ? Math.Log(p) : Math.Log(1 - p);
            }
            double reg = 0;
            foreach (double wj in w) reg += wj * wj;
            return loss / _labels.Length + lambda * reg;
        }

        [Differentiable]
        public static double SoftDtw(double[] a, double[] b, double gamma)
        {
            int n = a.Length, m = b.Length;
            var r = new double[(n + 1) * (m + 1)];
            for (int i = 0; i < r.Length; i++) r[i] = double.PositiveInfinity;
            r[0] = 0;
            for (int i = 1; i <= n; i++)
            {
                for (int j = 1; j <= m; j++)
                {
                    double cost = (a[i - 1] - b[j - 1]) * (a[i - 1] - b[j - 1]);
                    double x = r[(i - 1) * (m + 1) + j - 1], y = r[(i - 1) * (m + 1) + j], z = r[i * (m + 1) + j - 1];
                    double mn = Math.Min(x, Math.Min(y, z));
                    if (double.IsInfinity(mn)) continue;
                    double s = Math.Exp(-(x - mn) / gamma) + Math.Exp(-(y - mn) / gamma) + Math.Exp(-(z - mn) / gamma);
                    r[i * (m + 1) + j] = cost + mn - gamma * Math.Log(s);
                }
            }
            return r[n * (m + 1) + m];
        }

        [Differentiable]
        public static float Huber(float[] residuals, float delta)
        {
            float total = 0f;
            for (int i = 0; i < residuals.Length; i++)
            {
                float r = residuals[i];
                if (float.IsNaN(r)) continue;
                total += MathF.Abs(r) <= delta ? 0.5f * r * r : delta * (MathF.Abs(r) - 0.5f * delta);
            }
            return total;
        }

        [Differentiable]
        public static T Softplus<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T>
            => x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));
    }
}
