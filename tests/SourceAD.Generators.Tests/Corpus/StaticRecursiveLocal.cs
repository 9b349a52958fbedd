// entry: Numerics.Recursive.Power
// args: 1.1, 7
// expect: refused
// A recursive local function is refused with the rewrite (make it a [Differentiable] method of the type), as RecursiveLocalFunction.
// Exponentiation by squaring written as a static recursive local function.
using System;
using SourceAD;

namespace Numerics;

public static partial class Recursive
{
    [Differentiable]
    public static double Power(double x, int n)
    {
        static double Pow(double b, int e)
        {
            if (e == 0) return 1;
            double half = Pow(b, e / 2);
            return e % 2 == 0 ? half * half : half * half * b;
        }
        return Pow(x, n);
    }
}
