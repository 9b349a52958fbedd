// entry: Growth.Model.Project
// args: 0.05, 3.0
// expect: works
// A record with init properties and a default, copied with a with expression.
using System;
using SourceAD;

namespace Growth;

public sealed record Settings
{
    public double Rate { get; init; }
    public double Scale { get; init; } = 1.0;
}

public static partial class Model
{
    [Differentiable]
    public static double Project(double r, double t)
    {
        var p = new Settings { Rate = r };
        var q = p with { Scale = 2.0 };
        return q.Scale * Math.Exp(q.Rate * t) + p.Scale;
    }
}
