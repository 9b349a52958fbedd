// entry: Chains.Ring.Coupling
// args: new double[] { 0.3, -0.6, 1.1, 0.4, -0.2 }, 0.8
// expect: works
// A ring coupling written with Enumerable.Range and modulo indexing in the selector.
using System;
using System.Linq;
using SourceAD;

namespace Chains;

public static partial class Ring
{
    /// <summary>Σ_i (1 − cos(θ_{i+1} − θ_i))·k + Σ_i θ_i² / 2 on a ring.</summary>
    [Differentiable]
    public static double Coupling(double[] theta, double k)
    {
        int n = theta.Length;
        double bonds = Enumerable.Range(0, n).Select(i => 1 - Math.Cos(theta[(i + 1) % n] - theta[i])).Sum();
        return k * bonds + theta.Sum(t => t * t) / 2;
    }
}
