// entry: Ranking.Leaderboard.TopThreeAverage
// args: new double[] { 71.0, 88.5, 64.2, 92.1, 79.9, 85.3 }
// expect: refused
// Take after OrderByDescending is a LINQ stage the queries do not take: refused with the rewrite to sort into a local array first (OrderByDescending(v => v).ToArray()).
// The average of the three best scores: OrderByDescending, Take and Average.
using System;
using System.Linq;
using SourceAD;

namespace Ranking;

public static partial class Leaderboard
{
    [Differentiable]
    public static double TopThreeAverage(double[] scores) => scores.OrderByDescending(s => s).Take(3).Average();
}
