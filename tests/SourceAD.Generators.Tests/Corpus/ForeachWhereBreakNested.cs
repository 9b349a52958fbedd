// entry: Inventory.Fill.Cost
// args: new double[] { 1.5, 0.4, 2.2, 0.9, 3.1 }, new double[] { 0.8, 1.6 }
// expect: works
// foreach over a Where inside a for loop, breaking out of the inner query loop once a budget is reached.
using System;
using System.Linq;
using SourceAD;

namespace Inventory;

public static partial class Fill
{
    /// <summary>For each bin, add item sizes above a threshold until the bin overflows; cost is the squared slack.</summary>
    [Differentiable]
    public static double Cost(double[] sizes, double[] capacities)
    {
        double cost = 0;
        for (int b = 0; b < capacities.Length; b++)
        {
            double load = 0;
            foreach (double s in sizes.Where(v => v > 0.5 * capacities[b]))
            {
                if (load + s > 2 * capacities[b]) break;
                load += s;
            }
            cost += (2 * capacities[b] - load) * (2 * capacities[b] - load);
        }
        return cost;
    }
}
