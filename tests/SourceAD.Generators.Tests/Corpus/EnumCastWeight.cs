// entry: Grading.Levels.Weighted
// args: 0.8, Grading.Level.High
// expect: works
// An enum cast to int used as a weight: (int)level * x, and a double cast of the level in a power.
using System;
using SourceAD;

namespace Grading;

public enum Level { Low = 1, Medium = 2, High = 4 }

public static partial class Levels
{
    [Differentiable]
    public static double Weighted(double x, Level level)
    {
        int w = (int)level;
        return w * x * x + Math.Pow(x, (double)level) + (level == Level.High ? x : 0.0);
    }
}
