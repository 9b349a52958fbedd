// entry: Finance.Invoice.TotalWithTax
// args: new double[] { 19.99, 5.25, 12.4 }, new int[] { 2, 3, 1 }, 0.0825
// expect: works
using System;
using SourceAD;

namespace Finance;

public static partial class Invoice
{
    /// <summary>Invoice total: line totals rounded to cents (piecewise constant), tax on the unrounded subtotal.</summary>
    [Differentiable]
    public static double TotalWithTax(double[] price, int[] quantity, double taxRate)
    {
        double subtotal = 0, rounded = 0;
        for (int i = 0; i < price.Length; i++)
        {
            double line = price[i] * quantity[i];
            subtotal += line;
            rounded += Math.Round(line, 2, MidpointRounding.AwayFromZero);
        }
        double tax = subtotal * taxRate;
        return rounded + tax;
    }
}
