using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Emit;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Model;

namespace SourceAD.Generators;

/// <summary>
/// Emits pushforward (forward mode) and pullback (reverse mode) code for [Differentiable] methods.
/// Pipeline: ForAttributeWithMetadataName → lowering to an equatable IR model → custom-derivative resolution → text.
/// Input it cannot handle yields no output; the analyzer (same lowering) reports why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests check that unrelated edits leave them Cached).</summary>
    public static class Steps
    {
        /// <summary>Lowered method models.</summary>
        public const string Lowered = "Lowered";
        /// <summary>[DerivativeOf] methods.</summary>
        public const string CustomDerivatives = "CustomDerivatives";
        /// <summary>Models with custom derivatives plugged in.</summary>
        public const string Resolved = "Resolved";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MethodModel> methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(PolicyResolver.MethodAttribute, static (node, _) => node is MethodDeclarationSyntax, static (ctx, ct) => Lower(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.Lowered);

        IncrementalValueProvider<EquatableArray<CustomDerivative>> customs = context.SyntaxProvider
            .ForAttributeWithMetadataName(CustomDerivatives.Attribute, static (node, _) => node is MethodDeclarationSyntax, static (ctx, ct) =>
                ctx.TargetSymbol is IMethodSymbol m ? CustomDerivatives.FromSymbol(m, ctx.Attributes[0], out _) : null)
            .Where(static d => d is not null)
            .Select(static (d, _) => d!)
            .WithTrackingName(Steps.CustomDerivatives)
            .Collect()
            .Select(static (all, _) => all.ToEquatable());

        IncrementalValuesProvider<MethodModel> resolved = methods.Combine(customs)
            .Select(static (pair, _) => CustomDerivatives.Resolve(pair.Left, pair.Right.ToList()))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.Resolved);

        context.RegisterSourceOutput(resolved, static (spc, model) =>
        {
            string source;
            try
            {
                source = SourceEmitter.Emit(model);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(InternalError, Location.None, model.Name, ex.GetType().Name + ": " + ex.Message));
                return;
            }
            spc.AddSource(model.HintName, source);
        });
    }

    private static MethodModel? Lower(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
    {
        try
        {
            if (ctx.TargetSymbol is not IMethodSymbol method || ctx.TargetNode is not MethodDeclarationSyntax syntax) return null;
            AttributeData? assembly = ctx.SemanticModel.Compilation.Assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
            return MethodLowering.Lower(method, syntax, ctx.SemanticModel, ctx.Attributes[0], assembly, ct, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static readonly DiagnosticDescriptor InternalError = new(
        "SRCAD0999", "SourceAD generator internal error", "SourceAD could not emit derivatives of '{0}': {1}. Please report this.",
        "SourceAD.Internal", DiagnosticSeverity.Error, isEnabledByDefault: true);
}
