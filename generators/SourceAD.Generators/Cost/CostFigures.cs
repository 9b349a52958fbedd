using System.Collections.Generic;
using System.Linq;

namespace SourceAD.Generators.Cost;

/// <summary>The cost analyzer's figures for one method (SRCAD1001, the cost report).</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Model">The cost constants used.</param>
/// <param name="Primal">cost(P).</param>
/// <param name="Pullback">The counted cost of the emitted pullback (forward sweep included).</param>
/// <param name="Tape">Values the pullback records on its tapes.</param>
/// <param name="OmegaB">Theorem 3's ω_b (0 when P has no floating operation).</param>
/// <param name="OmegaBOperation">The operation attaining ω_b, with its |pr|.</param>
/// <param name="ForwardA">ω_f = ForwardA + ForwardB·p.</param>
/// <param name="ForwardB">ω_f's slope in the number of inputs p.</param>
/// <param name="Inputs">p, the number of differentiable scalar inputs.</param>
/// <param name="Ratio">The worst counted pullback/primal ratio over <see cref="CostAnalysis.SampleSizes"/>; null when cost(P) = 0.</param>
/// <param name="UnknownTrips">What the t1, t2, … symbols stand for.</param>
/// <param name="Responsible">The operation SRCAD1002 names as responsible for the excess, with why.</param>
internal sealed record CostFigures(
    string Method,
    CostModel Model,
    Polynomial Primal,
    Polynomial Pullback,
    Polynomial Tape,
    double OmegaB,
    string OmegaBOperation,
    double ForwardA,
    double ForwardB,
    Polynomial Inputs,
    double? Ratio,
    List<string> UnknownTrips,
    string Responsible)
{
    /// <summary>The tape's size in bytes, as a formula in the trip counts (8 per double, 4 per int, 1 per branch outcome).</summary>
    public Polynomial TapeBytes { get; init; } = Polynomial.Zero;

    /// <summary>The primal's working memory in bytes: parameters and locals, arrays by length.</summary>
    public Polynomial WorkingSet { get; init; } = Polynomial.Zero;

    /// <summary>The checkpointed loops' schedules (snapshots × state bytes, primal steps rerun), empty when none.</summary>
    public string Checkpoints { get; init; } = "";

    /// <summary>The push site that records the most bytes at the largest sample size, with why (SRCAD1010 names it).</summary>
    public string TapeResponsible { get; init; } = "none";

    /// <summary>
    /// SRCAD1010: the tape grows faster than the primal's working memory (their ratio at the largest sample size is
    /// over 2 and more than twice the ratio ten times smaller), so memory, not operations, bounds the gradient's cost.
    /// </summary>
    public bool TapeOutgrowsWorkingSet
    {
        get
        {
            double large = CostAnalysis.SampleSizes[CostAnalysis.SampleSizes.Length - 1], small = large / 10;
            double Ratio(double n) => WorkingSet.Evaluate(_ => n) is double w && w > 0 ? TapeBytes.Evaluate(_ => n) / w : 0;
            return Ratio(large) > 2 && Ratio(large) > 2 * Ratio(small);
        }
    }

    /// <summary>ω_f as a formula in the input sizes.</summary>
    public Polynomial ForwardOmega => Inputs * ForwardB + Polynomial.Constant(ForwardA);

    /// <summary>
    /// Whether the counted pullback exceeds ω_b·cost(P) at some sample size (SRCAD1002), among the sizes where the
    /// primal does some floating operation, as for <see cref="Ratio"/>: where it does none (a running maximum over one
    /// entry, a loop that runs no times) the bound is 0, and the pullback's one accumulation of the seed into the input's
    /// adjoint is the cost of a copy, which Theorem 3 does not count.
    /// </summary>
    public bool ExceedsBound => OmegaB > 0 && CostAnalysis.SampleSizes.Any(n =>
        Primal.Evaluate(_ => n) > 0 && Pullback.Evaluate(_ => n) > OmegaB * Primal.Evaluate(_ => n) * (1 + 1e-9));

    /// <summary>The SRCAD1001 message.</summary>
    public string Message()
    {
        string ratio = Ratio is double r ? Polynomial.Number(r) : "n/a (cost(P) = 0)";
        string omega = OmegaB == 0 ? "0 (no floating operation)" : double.IsInfinity(OmegaB) ? "∞" : Polynomial.Number(OmegaB);
        string relation = Ratio is double q && OmegaB > 0 ? (q <= OmegaB * (1 + 1e-9) ? " ≤ " : " > ") : ", ";
        string forward = Inputs.AsConstant is double p && p <= 1
            ? $"forward mode over p = {Inputs} input{(p == 1 ? "" : "s")}: ω_f = {ForwardOmega} → either mode"
            : $"forward mode over p = {Inputs} inputs: ω_f = {ForwardOmega} → use the pullback";
        string text = $"cost(P) = {Primal} ops; pullback {Pullback} ops, ratio = {ratio}{relation}ω_b = {omega} " +
                      $"(Baur–Strassen bound {Polynomial.Number(CostModel.BaurStrassenBound)}; worst operation {OmegaBOperation}); " +
                      $"tape {Tape} values = {TapeBytes} bytes (primal working set {WorkingSet} bytes); {forward}";
        if (Checkpoints.Length > 0) text += "; " + Checkpoints;
        if (Model != CostModel.Unit) text += $" [{Model}]";
        if (UnknownTrips.Count > 0) text += $" ({string.Join("; ", UnknownTrips)})";
        return text;
    }

    /// <summary>Properties attached to SRCAD1001 so the cost report (SARIF → JSON/Markdown) can read each figure.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Properties() => new Dictionary<string, string?>
    {
        ["method"] = Method,
        ["costP"] = Primal.ToString(),
        ["pullback"] = Pullback.ToString(),
        ["ratio"] = Ratio is double r ? Polynomial.Number(r) : null,
        ["omegaB"] = double.IsInfinity(OmegaB) ? "inf" : Polynomial.Number(OmegaB),
        ["omegaF"] = ForwardOmega.ToString(),
        ["inputs"] = Inputs.ToString(),
        ["tape"] = Tape.ToString(),
        ["tapeBytes"] = TapeBytes.ToString(),
        ["workingSet"] = WorkingSet.ToString(),
        ["model"] = Model.ToString(),
        ["checkpoints"] = Checkpoints.Length > 0 ? Checkpoints : null,
    };
}
