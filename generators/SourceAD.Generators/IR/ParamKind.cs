namespace SourceAD.Generators.IR;

// A fact of the IR, not only of the model: call targets (CallTarget, Stmt) carry the kinds of the callee's parameters.
/// <summary>How a parameter takes part in differentiation.</summary>
internal enum ParamKind
{
    /// <summary>A floating scalar.</summary>
    Real,
    /// <summary>A <c>T[]</c> of floating values.</summary>
    RealArray,
    /// <summary>A <c>ReadOnlySpan&lt;T&gt;</c> of floating values.</summary>
    RealReadOnlySpan,
    /// <summary>A <c>Span&lt;T&gt;</c> output of floating values.</summary>
    RealSpanOutput,
    /// <summary>Anything else: integers, bools, integer arrays, objects. Never differentiated.</summary>
    Passive,
    /// <summary>A passive array or span (e.g. <c>int[]</c> labels), indexable in the IR.</summary>
    PassiveArray,
}
