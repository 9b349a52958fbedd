// entry: Pricing.Tiers.Fee
// args: 0.7, 0
// expect: works
// switch with goto case (a fall-through written explicitly): the target section's body follows (round 18; refused before).
using System;
using SourceAD;

namespace Pricing;

public static partial class Tiers
{
    [Differentiable]
    public static double Fee(double x, int tier)
    {
        double r = 0;
        switch (tier)
        {
            case 0:
                r += x;
                goto case 1;
            case 1:
                r += x * x;
                break;
            default:
                r = Math.Exp(x);
                break;
        }
        return r;
    }
}
