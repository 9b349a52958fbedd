using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Cost;

/// <summary>
/// The constants of thesis Table 2.2 applied to the primitive table's cost data: c_nonlin ≥ 1 for exp, log, inv and the
/// other transcendental functions, c_ReLU ≥ 0 for a sign test. Unit costs (Assumption 1) by default.
/// </summary>
/// <param name="Nonlinear">c_nonlin.</param>
/// <param name="SignTest">c_ReLU.</param>
internal sealed record CostModel(double Nonlinear, double SignTest)
{
    /// <summary>The .editorconfig key for c_nonlin.</summary>
    public const string NonlinearKey = "sourcead_cost_nonlinear";

    /// <summary>The .editorconfig key for c_ReLU.</summary>
    public const string SignTestKey = "sourcead_cost_signtest";

    /// <summary>The Baur–Strassen constant: ω_b ≤ 5 for programs over the thesis dictionary (Corollary 2, Theorem 1).</summary>
    public const double BaurStrassenBound = 5;

    /// <summary>Assumption 1: every operation of the dictionary costs 1.</summary>
    public static CostModel Unit { get; } = new(1, 1);

    /// <summary>A cost term under these constants.</summary>
    public double Of(CostTerm term) => term.Evaluate(Nonlinear, SignTest);

    /// <summary>cost(g) of a primitive-table row.</summary>
    public double Primal(string op) => Of(PrimitiveTable.Get(op).Cost.Primal);

    /// <summary>cost(gd) of a primitive-table row.</summary>
    public double Derived(string op) => Of(PrimitiveTable.Get(op).Cost.Derived);

    /// <summary>cost(+).</summary>
    public double Plus => Primal("Add");

    /// <summary>cost(×).</summary>
    public double Times => Primal("Mul");

    /// <summary>Theorem 3's per-operation backward constant (cost(gd) + 2·max(cost(+), cost(×))·|pr|)/cost(g); ∞ for a free operation.</summary>
    public double BackwardOmega(string op, int predecessors)
    {
        double g = Primal(op);
        double numerator = Derived(op) + 2 * Math.Max(Plus, Times) * predecessors;
        return g > 0 ? numerator / g : double.PositiveInfinity;
    }

    /// <summary>
    /// Theorem 3's per-operation forward constant as A + B·p, p the number of inputs:
    /// (cost(gd) + p·|pr|·cost(×) + p·(|pr|−1)·cost(+))/cost(g).
    /// </summary>
    public (double A, double B) ForwardOmega(string op, int predecessors)
    {
        double g = Primal(op);
        if (g <= 0) return (double.PositiveInfinity, double.PositiveInfinity);
        return (Derived(op) / g, (predecessors * Times + Math.Max(predecessors - 1, 0) * Plus) / g);
    }

    /// <summary>
    /// The constants for one compilation: <c>[assembly: DifferentiableDefaults(CostNonlinear = …, CostSignTest = …)]</c>
    /// wins over the .editorconfig keys, which win over unit costs. Values outside Table 2.2's ranges are ignored.
    /// </summary>
    public static CostModel Resolve(AttributeData? assembly, Func<string, string?> editorConfig)
    {
        double nonlinear = Unit.Nonlinear, signTest = Unit.SignTest;
        if (Parse(editorConfig(NonlinearKey)) is double n && n >= 1) nonlinear = n;
        if (Parse(editorConfig(SignTestKey)) is double s && s >= 0) signTest = s;
        if (assembly is not null)
        {
            foreach (var arg in assembly.NamedArguments)
            {
                if (arg.Value.Value is not double v) continue;
                if (arg.Key == "CostNonlinear" && v >= 1) nonlinear = v;
                if (arg.Key == "CostSignTest" && v >= 0) signTest = v;
            }
        }
        return nonlinear == Unit.Nonlinear && signTest == Unit.SignTest ? Unit : new CostModel(nonlinear, signTest);
    }

    private static double? Parse(string? text) =>
        text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v) ? v : null;

    /// <summary>How the report names the constants in force.</summary>
    public override string ToString() => this == Unit ? "unit costs" :
        $"c_nonlin = {Polynomial.Number(Nonlinear)}, c_ReLU = {Polynomial.Number(SignTest)}";
}
