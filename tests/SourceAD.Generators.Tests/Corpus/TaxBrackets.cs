// entry: Finance.Tax.Owed
// args: new double[] { 52000.0, 18000.0, 130000.0 }, 0.02
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Tax
{

    /// <summary>Progressive income tax summed over several incomes, with a surcharge rate on top.</summary>
    [Differentiable]
    public static double Owed(double[] incomes, double surcharge)
    {
        double total = 0;
        for (int p = 0; p < incomes.Length; p++)
        {
            double income = incomes[p];
            double tax = 0;
            if (income > 10000)
            {
                if (income > 40000)
                {
                    if (income > 90000) tax = 0.1 * 30000 + 0.25 * 50000 + 0.4 * (income - 90000);
                    else tax = 0.1 * 30000 + 0.25 * (income - 40000);
                }
                else
                {
                    tax = 0.1 * (income - 10000);
                }
            }
            total += tax * (1 + surcharge);
        }
        return total;
    }
}
