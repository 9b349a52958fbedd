namespace SourceAD.Generators.Primitives;

/// <summary>
/// Cost data of one primitive in the thesis's computational model (§2.4): cost(g), cost(gd) and |pr|, in units of
/// the cost model (<see cref="CostClass"/> says which constant of Table 2.2 each uses).
/// </summary>
/// <param name="Class">Which cost constant applies: unit arithmetic, c_nonlin (exp, log, inv) or c_ReLU (sign tests).</param>
/// <param name="Primal">cost(g) in multiples of the class constant.</param>
/// <param name="Derived">cost(gd): g and one conservative-gradient element, jointly (thesis Table 2.1).</param>
internal readonly record struct PrimitiveCost(CostClass Class, double Primal, double Derived);

/// <summary>The cost constants of thesis Table 2.2.</summary>
internal enum CostClass
{
    /// <summary>+, ×, +c, ×c: cost 1.</summary>
    Arithmetic,
    /// <summary>exp, log, inv and other transcendental functions: c_nonlin ≥ 1.</summary>
    Nonlinear,
    /// <summary>ReLU and other sign tests: c_ReLU ≥ 0.</summary>
    SignTest,
}
