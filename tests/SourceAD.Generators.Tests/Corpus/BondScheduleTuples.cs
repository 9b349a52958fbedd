// entry: Finance.Schedule.DirtyPrice
// args: 0.04, 0.035, 100.0
// expect: refused
// A local List of tuples is refused with the rewrite to pass the values in or use a struct (a List<T> local takes floating T only).
// A bond's cash flows as (time, amount) tuples in a local list, priced by deconstructing each in foreach.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Finance;

public static partial class Schedule
{
    [Differentiable]
    public static double DirtyPrice(double coupon, double yield, double face)
    {
        var flows = new List<(double Time, double Amount)>();
        for (int k = 1; k <= 6; k++)
            flows.Add((0.5 * k, face * coupon / 2));
        flows.Add((3.0, face));

        double price = 0;
        foreach (var (t, amount) in flows)
            price += amount * Math.Exp(-yield * t);
        return price;
    }
}
