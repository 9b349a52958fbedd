// entry: Tables.Rows.FrobeniusAndMax
// args: new double[][] { new double[] { 0.5, -1.0 }, new double[] { 2.0, 0.25, 1.5 }, new double[] { -0.75 } }
// expect: works
// LINQ over the rows of a jagged array: rows.Sum(r => r.Sum(v => v * v)) and a max of row sums. It was silently wrong (each row
// copied into the lambda, its adjoint dropped); now the rows are aliased and a query over a row reads it in place (LinqRowTests).
using System;
using System.Linq;
using SourceAD;

namespace Tables;

public static partial class Rows
{
    /// <summary>Σ_ij a_ij² plus the largest row sum.</summary>
    [Differentiable]
    public static double FrobeniusAndMax(double[][] rows) =>
        rows.Sum(r => r.Sum(v => v * v)) + rows.Max(r => r.Sum());
}
