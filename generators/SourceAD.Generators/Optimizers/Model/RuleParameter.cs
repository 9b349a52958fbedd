namespace SourceAD.Generators.Optimizers.Model;

/// <summary>One parameter of an update rule.</summary>
/// <param name="Name">The parameter's name, reused for the generated step's parameter.</param>
/// <param name="Kind">State slot, elementwise input or scalar.</param>
/// <param name="IsWritten">True when the rule assigns it, so the step stores it back.</param>
internal sealed record RuleParameter(string Name, RuleParameterKind Kind, bool IsWritten);
