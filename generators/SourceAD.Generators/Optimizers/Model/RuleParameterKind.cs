namespace SourceAD.Generators.Optimizers.Model;

/// <summary>What a rule parameter stands for, read from its ref kind.</summary>
internal enum RuleParameterKind
{
    /// <summary><c>ref T</c>: per-parameter state, loaded once and stored once per element.</summary>
    State,

    /// <summary><c>in T</c>: per-parameter read-only input such as the gradient.</summary>
    Input,

    /// <summary><c>T</c>: a per-step scalar broadcast to every element.</summary>
    Scalar,
}
