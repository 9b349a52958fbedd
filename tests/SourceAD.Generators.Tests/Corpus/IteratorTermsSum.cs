// entry: Numerics.Taylor.Exp
// args: 0.7, 15
// expect: refused
// Found silently wrong in round 20 (a gradient of 0): the iterator call was a passive call with the active x as its
// argument. A sequence computed from a differentiated value is now refused at the call with the rewrite to a filled array.
// Round 20, second batch. The Taylor terms of exp(x) produced by a `yield return` iterator helper and summed by LINQ.
using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD;

namespace Numerics;

public static partial class Taylor
{
    static IEnumerable<double> Terms(double x, int count)
    {
        double term = 1.0;
        for (int k = 0; k < count; k++)
        {
            yield return term;
            term *= x / (k + 1);
        }
    }

    [Differentiable]
    public static double Exp(double x, [NoDerivative] int count) => Terms(x, count).Sum();
}
