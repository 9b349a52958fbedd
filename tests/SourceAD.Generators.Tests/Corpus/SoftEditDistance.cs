// entry: Sequences.SoftEdit.Distance
// args: new double[] { 0.1, 0.9, 0.4 }, new double[] { 0.2, 0.8, 0.5, 0.7 }, 0.5, 0.3
// expect: works
using System;
using SourceAD;

namespace Sequences;

public static partial class SoftEdit
{
    private static double SoftMin(double a, double b, double c, double gamma)
    {
        double m = Math.Min(a, Math.Min(b, c));
        return m - gamma * Math.Log(Math.Exp(-(a - m) / gamma) + Math.Exp(-(b - m) / gamma) + Math.Exp(-(c - m) / gamma));
    }

    /// <summary>Edit distance between two real-valued sequences with soft-min over insert/delete/substitute.</summary>
    [Differentiable]
    public static double Distance(double[] s, double[] t, double gapCost, double gamma)
    {
        var d = new double[s.Length + 1][];
        for (int i = 0; i <= s.Length; i++) d[i] = new double[t.Length + 1];
        for (int i = 1; i <= s.Length; i++) d[i][0] = i * gapCost;
        for (int j = 1; j <= t.Length; j++) d[0][j] = j * gapCost;
        for (int i = 1; i <= s.Length; i++)
        {
            for (int j = 1; j <= t.Length; j++)
            {
                double sub = d[i - 1][j - 1] + Math.Abs(s[i - 1] - t[j - 1]);
                d[i][j] = SoftMin(d[i - 1][j] + gapCost, d[i][j - 1] + gapCost, sub, gamma);
            }
        }
        return d[s.Length][t.Length];
    }
}
