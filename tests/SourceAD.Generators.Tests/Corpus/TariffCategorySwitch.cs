// entry: Trade.Tariff.Duty
// args: new string[] { "steel", "food", "electronics", "other" }, new double[] { 1200.0, 300.0, 8000.0, 4500.0 }
// expect: works
// Round 20. Import duty: a rate chosen by a string switch expression on the category, then a relational-pattern switch
// expression on the declared value for a surcharge band; summed over a shipment with foreach and an index.
using System;
using SourceAD;

namespace Trade;

public static partial class Tariff
{
    static double BaseRate(string category) => category switch
    {
        "steel" => 0.25,
        "food" => 0.05,
        "electronics" => 0.10,
        _ => 0.08,
    };

    [Differentiable]
    public static double Duty([NoDerivative] string[] categories, double[] declared)
    {
        double total = 0.0;
        int i = 0;
        foreach (string c in categories)
        {
            double value = declared[i];
            double surcharge = value switch
            {
                < 1000 => 0.0,
                >= 1000 and < 5000 => 0.01 * value,
                _ => 50.0 + 0.005 * value,
            };
            total += BaseRate(c) * value + surcharge;
            i++;
        }
        return total;
    }
}
