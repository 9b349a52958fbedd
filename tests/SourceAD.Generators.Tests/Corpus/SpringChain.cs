// entry: Physics.SpringChain.Energy
// args: new double[] { 0.0, 1.1, 1.9, 3.2, 4.0 }
// receiver: new Physics.SpringChain(new[] { 10.0, 12.0, 8.0, 15.0 }, 1.0)
// expect: works
using System;
using SourceAD;

namespace Physics;

/// <summary>A 1-D chain of masses joined by springs with individual stiffnesses.</summary>
public partial class SpringChain
{
    private readonly double[] _stiffness;
    private readonly double _restLength;

    public SpringChain(double[] stiffness, double restLength)
    {
        _stiffness = stiffness;
        _restLength = restLength;
    }

    [Differentiable]
    public double Energy(double[] positions)
    {
        double e = 0;
        for (int i = 0; i < _stiffness.Length; i++)
        {
            double stretch = positions[i + 1] - positions[i] - _restLength;
            e += 0.5 * _stiffness[i] * stretch * stretch;
        }
        return e;
    }
}
