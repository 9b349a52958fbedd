// entry: Sports.Elo.PredictionLoss
// args: new double[] { 1500, 1520, 1480, 1510 }, 24.0
// expect: works
// Elo ratings updated over a season of matches held as records; the loss is the log loss of each prediction.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Sports;

public record Match(int Home, int Away, double HomeScore);

public static partial class Elo
{
    private static readonly List<Match> Season = new()
    {
        new Match(0, 1, 1.0), new Match(2, 3, 0.5), new Match(0, 2, 0.0),
        new Match(1, 3, 1.0), new Match(3, 0, 0.0), new Match(2, 1, 1.0),
    };

    private static double Expected(double ra, double rb) => 1.0 / (1.0 + Math.Pow(10, (rb - ra) / 400.0));

    [Differentiable]
    public static double PredictionLoss(double[] initial, double k)
    {
        var ratings = (double[])initial.Clone();
        double loss = 0;
        foreach (var m in Season)
        {
            double e = Expected(ratings[m.Home], ratings[m.Away]);
            loss -= m.HomeScore * Math.Log(e) + (1 - m.HomeScore) * Math.Log(1 - e);
            ratings[m.Home] += k * (m.HomeScore - e);
            ratings[m.Away] -= k * (m.HomeScore - e);
        }
        return loss / Season.Count;
    }
}
