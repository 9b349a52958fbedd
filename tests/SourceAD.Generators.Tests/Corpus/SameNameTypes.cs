// entry: Alpha.Functions.F
// args: 0.4, 1.3
// closed-form: ExpectedGradient
// expect: works
using System;
using SourceAD;

namespace Alpha
{
    public static partial class Functions
    {
        [Differentiable]
        public static double F(double x, double y) => Math.Sin(x) * y;

        public static double[] ExpectedGradient(double x, double y) => new[] { Math.Cos(x) * y, Math.Sin(x) };
    }
}

namespace Beta
{
    public static partial class Functions
    {
        [Differentiable]
        public static double F(double x, double y) => Math.Cos(x) + y * y;
    }
}
