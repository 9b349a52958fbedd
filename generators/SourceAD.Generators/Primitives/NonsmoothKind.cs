namespace SourceAD.Generators.Primitives;

/// <summary>Where a primitive is not differentiable, and which policy choice resolves it (thesis ch. 3).</summary>
internal enum NonsmoothKind
{
    /// <summary>Smooth on its domain.</summary>
    None,
    /// <summary>A kink at 0 resolved by ReLU'(0) = s.</summary>
    ReluLike,
    /// <summary>A kink at 0 resolved by |x|'(0).</summary>
    AbsLike,
    /// <summary>Ties between arguments resolved by the binary tie rule.</summary>
    MaxLike,
    /// <summary>Piecewise constant: derivative 0 almost everywhere (Floor, Round, …). Reported as a warning.</summary>
    Step,
}
