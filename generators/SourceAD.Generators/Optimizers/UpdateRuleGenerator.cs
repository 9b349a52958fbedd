using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.Optimizers.Model;

namespace SourceAD.Generators.Optimizers;

/// <summary>
/// Turns each <c>[UpdateRule]</c> method (an elementwise optimizer rule written as scalar C#) into a fused
/// <c>{Rule}Step</c> over spans: one pass over memory, vectorized, multi-threaded for large spans.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class UpdateRuleGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that marks an update rule.</summary>
    public const string AttributeMetadataName = "SourceAD.Optimizers.UpdateRuleAttribute";

    /// <summary>The interface of the device form <c>{Rule}Update</c>.</summary>
    public const string ElementwiseUpdateMetadataName = "SourceAD.Optimizers.IElementwiseUpdate";

    /// <summary>Tracking name of the step that builds one <see cref="UpdateRuleSpec"/> per rule.</summary>
    public const string SpecStepName = "UpdateRuleSpec";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeMetadataName, static (node, _) => IsCandidate(node), static (ctx, ct) => Parse(ctx, ct))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(SpecStepName);

        // Only one bool is taken from the compilation, so an edit elsewhere does not re-run emission.
        var allowUnsafe = context.CompilationProvider.Select(static (compilation, _) => compilation.Options is { } options
            && options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: true });

        // The device form needs SourceAD's IElementwiseUpdate; rules compiled without it (generator tests) get none.
        var referencesInterface = context.CompilationProvider.Select(static (compilation, _) =>
            compilation.GetTypeByMetadataName(ElementwiseUpdateMetadataName) is not null);

        context.RegisterSourceOutput(
            specs.Collect().Combine(allowUnsafe.Combine(referencesInterface)),
            static (spc, input) => Execute(spc, input.Left, input.Right.Left, input.Right.Right));
    }

    private static void Execute(SourceProductionContext context, ImmutableArray<UpdateRuleSpec> specs, bool allowUnsafe, bool referencesInterface)
    {
        var hintNames = new HashSet<string>();
        foreach (var spec in specs)
        {
            foreach (var diagnostic in spec.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (spec.Diagnostics.Count > 0)
            {
                continue;
            }

            // Overloads share a hint name; AddSource would throw on the duplicate.
            var hintName = spec.HintName;
            for (var n = 2; !hintNames.Add(hintName); n++)
            {
                hintName = spec.HintName.Replace(".UpdateRule.g.cs", "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".UpdateRule.g.cs");
            }

            context.AddSource(hintName, Emit(spec, allowUnsafe, referencesInterface));
        }
    }
}
