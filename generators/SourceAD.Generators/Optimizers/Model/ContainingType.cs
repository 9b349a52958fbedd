namespace SourceAD.Generators.Optimizers.Model;

/// <summary>A (partial) type enclosing an update rule, re-declared around the generated step.</summary>
/// <param name="Keyword">The declaration keyword: class, struct, record, record struct or interface.</param>
/// <param name="Name">The type's name with its type parameter list, e.g. <c>Rules&lt;TKey&gt;</c>.</param>
/// <param name="IsStatic">Whether the declaration is static.</param>
internal sealed record ContainingType(string Keyword, string Name, bool IsStatic);
