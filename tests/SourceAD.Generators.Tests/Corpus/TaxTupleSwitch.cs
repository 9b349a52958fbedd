// entry: Payroll.Tax.Owed
// args: 42000.0, true, 0.9
// expect: works
// Income tax from a switch expression on a (filing status, income) tuple with relational patterns.
using System;
using SourceAD;

namespace Payroll;

public static partial class Tax
{
    [Differentiable]
    public static double Owed(double income, bool married, double inflation)
    {
        double real = income * inflation;
        double tax = (married, real) switch
        {
            (_, <= 10000) => 0.0,
            (false, <= 40000) => 0.15 * (real - 10000),
            (true, <= 60000) => 0.12 * (real - 10000),
            (false, _) => 4500 + 0.3 * (real - 40000),
            (true, _) => 6000 + 0.25 * (real - 60000),
        };
        return tax / inflation;
    }
}
