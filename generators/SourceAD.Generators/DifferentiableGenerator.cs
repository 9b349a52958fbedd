using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Diagnostics;
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
        /// <summary>[Parameter] members of model types.</summary>
        public const string Parameters = "Parameters";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LoweredMethod> lowered = context.SyntaxProvider
            .ForAttributeWithMetadataName(PolicyResolver.MethodAttribute, static (node, _) => node is MethodDeclarationSyntax, static (ctx, ct) => Lower(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.Lowered);
        IncrementalValuesProvider<MethodModel> methods = lowered.Where(static m => m.Scalar is not null).Select(static (m, _) => m.Scalar!);
        IncrementalValuesProvider<TensorModel> tensorMethods = lowered.Where(static m => m.Tensor is not null).Select(static (m, _) => m.Tensor!);

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

        context.RegisterSourceOutput(tensorMethods, static (spc, model) => Output(spc, model.Name, model.HintName, () => TensorEmitter.Emit(model)));

        IncrementalValuesProvider<ParameterSetModel> parameterSets = context.SyntaxProvider
            .ForAttributeWithMetadataName(TensorLowering.ParameterAttribute,
                static (node, _) => node is VariableDeclaratorSyntax or PropertyDeclarationSyntax,
                static (ctx, ct) => ParameterMember(ctx, ct))
            .Where(static p => p is not null)
            .Select(static (p, _) => p!)
            .WithTrackingName(Steps.Parameters)
            .Collect()
            .SelectMany(static (all, _) => all
                .GroupBy(p => p.TypeKey)
                .Select(g => new ParameterSetModel(g.First().Namespace, g.First().Types, g.OrderBy(p => p.Order).Select(p => p.Member).ToEquatable(),
                    g.Key + ".Parameters.g.cs")));
        context.RegisterSourceOutput(parameterSets, static (spc, model) => Output(spc, "Parameters", model.HintName, () => TensorEmitter.EmitParameterSet(model)));

        context.RegisterSourceOutput(resolved, static (spc, model) => Output(spc, model.Name, model.HintName, () => SourceEmitter.Emit(model)));
    }

    /// <summary>A lowered [Differentiable] method: a scalar/array program or a tensor program.</summary>
    private sealed record LoweredMethod(MethodModel? Scalar, TensorModel? Tensor);

    /// <summary>One [Parameter] member, keyed by its declaring type.</summary>
    private sealed record ParameterMemberModel(string TypeKey, string Namespace, EquatableArray<TypeDecl> Types, string Member, string Order);

    private static LoweredMethod? Lower(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
    {
        try
        {
            if (ctx.TargetSymbol is not IMethodSymbol method || ctx.TargetNode is not MethodDeclarationSyntax syntax) return null;
            AttributeData? assembly = ctx.SemanticModel.Compilation.Assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
            MethodModel? scalar = MethodLowering.Lower(method, syntax, ctx.SemanticModel, ctx.Attributes[0], assembly, ct, out _, out _, out TensorModel? tensor);
            return scalar is null && tensor is null ? null : new LoweredMethod(scalar, tensor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static ParameterMemberModel? ParameterMember(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
    {
        try
        {
            ISymbol member = ctx.TargetSymbol;
            ITypeSymbol? type = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            if (!TensorLowering.IsTensor(type) || member.ContainingType is null) return null;
            var types = TypeDecls.For(member.ContainingType, ct);
            if (types is null) return null;
            string ns = member.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            string key = string.Join(".", new[] { ns }.Where(x => x.Length > 0).Concat(types.Select(t => t.Name.Split('<')[0])));
            string order = ctx.TargetNode.SyntaxTree.FilePath + ":" + ctx.TargetNode.SpanStart.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            return new ParameterMemberModel(key, ns, types.ToEquatable(), member.Name, order);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static void Output(SourceProductionContext spc, string what, string hint, Func<string> emit)
    {
        string source;
        try
        {
            source = emit();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, what, ex.GetType().Name + ": " + ex.Message));
            return;
        }
        spc.AddSource(hint, source);
    }
}
