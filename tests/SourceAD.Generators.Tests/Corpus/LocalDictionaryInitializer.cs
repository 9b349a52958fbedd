// entry: Nutrition.Meal.Energy
// args: new string[] { "fat", "protein", "carbs", "fibre" }, new double[] { 12.0, 30.0, 55.0, 8.0 }, 1.05
// expect: refused
// Refused at the creation with the rewrite to parameters (a gap: a local Dictionary of constants is not lowered as a
// data table; a [NoDerivative] Dictionary parameter works).
// Round 20, second batch. Energy per gram in a local Dictionary built with an index initializer (new() { ["fat"] = 9 }),
// read with GetValueOrDefault.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Nutrition;

public static partial class Meal
{
    [Differentiable]
    public static double Energy([NoDerivative] string[] nutrients, double[] grams, double scale)
    {
        Dictionary<string, double> kcalPerGram = new()
        {
            ["fat"] = 9.0,
            ["protein"] = 4.0,
            ["carbs"] = 4.0,
        };
        double total = 0.0;
        for (int i = 0; i < nutrients.Length; i++)
            total += kcalPerGram.GetValueOrDefault(nutrients[i], 2.0) * grams[i];
        return total * scale;
    }
}
