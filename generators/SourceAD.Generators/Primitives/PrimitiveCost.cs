namespace SourceAD.Generators.Primitives;

/// <summary>
/// Cost data of one primitive in the thesis's computational model (§2.4): cost(g) and cost(gd), each an affine
/// combination of the constants of Table 2.2 (<see cref="CostTerm"/>); |pr| is the row's arity, less the constant
/// operands of an occurrence (+c and ×c are the thesis's one-predecessor forms of + and ×).
/// </summary>
/// <param name="Class">Which cost constant dominates: unit arithmetic, c_nonlin (exp, log, inv) or c_ReLU (sign tests).
/// The pullback reads it to decide which primitive values are worth caching.</param>
/// <param name="Primal">cost(g).</param>
/// <param name="Derived">cost(gd): g and one conservative-gradient element, jointly (thesis Table 2.1).</param>
internal readonly record struct PrimitiveCost(CostClass Class, CostTerm Primal, CostTerm Derived);

/// <summary>
/// A cost as <c>Unit + Nonlinear·c_nonlin + SignTest·c_ReLU</c>: thesis Table 2.2 writes every cost this way
/// (e.g. cost(gd) of inv is c_nonlin + 2, cost of ×ReLU is 1 + c_ReLU).
/// </summary>
/// <param name="Unit">Operations of unit cost (+, ×, +c, ×c; Assumption 1).</param>
/// <param name="Nonlinear">Multiples of c_nonlin.</param>
/// <param name="SignTest">Multiples of c_ReLU.</param>
internal readonly record struct CostTerm(double Unit, double Nonlinear, double SignTest)
{
    /// <summary>The cost under the given constants.</summary>
    public double Evaluate(double costNonlinear, double costSignTest) => Unit + Nonlinear * costNonlinear + SignTest * costSignTest;
}

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
