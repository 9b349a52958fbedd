using Microsoft.CodeAnalysis;

namespace SourceAD.Generators;

/// <summary>Emits pushforward and pullback code for [Differentiable] methods.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
