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
        /// <summary>Keys of the methods whose derivatives are generated (every callee generated too).</summary>
        public const string Generated = "Generated";
        /// <summary>[Parameter] members of model types.</summary>
        public const string Parameters = "Parameters";
        /// <summary>Keys of the methods whose pullbacks run over dual numbers (every callee's too): they get Hessian members.</summary>
        public const string Dual = "Dual";
        /// <summary>Helpers without [Differentiable] that [Differentiable] methods call, lowered as if marked (one per key).</summary>
        public const string Helpers = "Helpers";
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
        // Each caller lowers the helpers it reaches (Lowering/ImplicitHelpers.cs), so an edit to a helper's body re-lowers
        // its callers; helpers reached from several callers are equal models, emitted once.
        IncrementalValuesProvider<MethodModel> helpers = lowered.Where(static m => m.Helpers.Count > 0).Select(static (m, _) => m.Helpers)
            .Collect()
            .SelectMany(static (all, _) => all.SelectMany(h => h).GroupBy(h => h.Key, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(h => h.Key, StringComparer.Ordinal).ToImmutableArray())
            .WithTrackingName(Steps.Helpers);
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
            .Select(static (pair, _) => Resolve(pair.Left, pair.Right))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(Steps.Resolved);
        IncrementalValuesProvider<MethodModel> resolvedHelpers = helpers.Combine(customs)
            .Select(static (pair, _) => Resolve(pair.Left, pair.Right))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!);

        // A caller is emitted only against derivatives that will exist: a refused [Differentiable] callee (and, in
        // turn, its callers) leaves it out, and the analyzer's SRCAD0010 at the call site says why.
        // Implicit helpers take part in the fixpoint, and are emitted only where a generated method reaches them.
        IncrementalValueProvider<EquatableArray<string>> generated = resolved
            .Select(static (m, _) => new CalleeSet(m.Key, Callees(m)))
            .Collect()
            .Combine(resolvedHelpers.Select(static (m, _) => new CalleeSet(m.Key, Callees(m))).Collect())
            .Select(static (pair, _) => GeneratedKeys(pair.Left, pair.Right))
            .WithTrackingName(Steps.Generated);
        IncrementalValuesProvider<MethodModel> emitted = resolved.Combine(generated)
            .Where(static pair => Callees(pair.Left).All(pair.Right.Contains))
            .Select(static (pair, _) => pair.Left);
        IncrementalValuesProvider<MethodModel> emittedHelpers = resolvedHelpers.Combine(generated)
            .Where(static pair => pair.Right.Contains(pair.Left.Key))
            .Select(static (pair, _) => pair.Left);

        // Second order (forward-over-reverse) needs the pullback of the method and of every callee over dual numbers:
        // the same fixpoint as above, over the methods DualModel can substitute.
        IncrementalValueProvider<EquatableArray<string>> dualKeys = emitted
            .Where(static m => m.Key.Length > 0 && Transforms.DualModel.Supports(m))
            .Select(static (m, _) => new CalleeSet(m.Key, Callees(m)))
            .Collect()
            .Combine(emittedHelpers.Where(static m => Transforms.DualModel.Supports(m)).Select(static (m, _) => new CalleeSet(m.Key, Callees(m))).Collect())
            .Select(static (pair, _) => GeneratedKeys(pair.Left.AddRange(pair.Right)))
            .WithTrackingName(Steps.Dual);
        // A method that differentiates another's gradient (nested AD) calls that method's second-order members.
        // Recursive methods whose pullbacks are split (Transforms/SplitSweeps.cs): their callers in the same type call
        // their sweeps instead of their pullbacks, so the reverse does not rerun them.
        IncrementalValueProvider<EquatableArray<string>> splitKeys = emitted.Where(static m => Transforms.SplitSweeps.Applies(m))
            .Select(static (m, _) => Transforms.SplitSweeps.Holds(m) ? m.Key : "")
            .Collect()
            .Select(static (all, _) => all.Where(k => k.Length > 0).OrderBy(k => k, StringComparer.Ordinal).ToEquatable());
        // The vector pushforward calls its callees' vector pushforwards where they have one (Transforms/PushforwardEmitter.Vector.cs).
        IncrementalValueProvider<EquatableArray<string>> vectorKeys = emitted.Where(static m => m.Key.Length > 0 && Transforms.PushforwardEmitter.HasVectorMember(m))
            .Select(static (m, _) => m.Key)
            .Collect()
            .Combine(emittedHelpers.Where(static m => Transforms.PushforwardEmitter.HasVectorMember(m)).Select(static (m, _) => m.Key).Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToEquatable());
        IncrementalValuesProvider<EmittedMethod> withDual = emitted.Combine(dualKeys)
            .Where(static pair => pair.Left.Nested.All(g => pair.Right.Contains(g.Key)))
            .Combine(splitKeys)
            .Combine(vectorKeys)
            .Select(static (pair, _) => new EmittedMethod(pair.Left.Left.Left, pair.Left.Left.Right.Contains(pair.Left.Left.Left.Key),
                SplitCallees(pair.Left.Left.Left, pair.Left.Right), VectorCallees(pair.Left.Left.Left, pair.Right)));
        IncrementalValuesProvider<EmittedMethod> helpersWithDual = emittedHelpers.Combine(dualKeys)
            .Combine(vectorKeys)
            .Select(static (pair, _) => new EmittedMethod(pair.Left.Left, pair.Left.Right.Contains(pair.Left.Left.Key), default, VectorCallees(pair.Left.Left, pair.Right)));

        // Hint names are unique by construction but compare case-insensitively: names that differ only in case
        // (methods F and f) take a hash of the exact name. The set is almost always empty, so it stays cached.
        // Exactly equal names come only from code that is already in error (the same method declared twice, CS0111,
        // as seen mid-edit): such methods get no output at all, since two equal hint names would throw in Roslyn.
        IncrementalValueProvider<EquatableArray<string>> allHints = resolved.Select(static (m, _) => m.HintName).Collect()
            .Combine(tensorMethods.Select(static (m, _) => m.HintName).Collect())
            .Combine(resolvedHelpers.Select(static (m, _) => m.HintName).Collect())
            .Select(static (pair, _) => pair.Left.Left.Concat(pair.Left.Right).Concat(pair.Right).OrderBy(h => h, StringComparer.Ordinal).ToEquatable());
        IncrementalValueProvider<HintCollisions> caseCollisions = allHints.Select(static (all, _) => new HintCollisions(
            all.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Distinct(StringComparer.Ordinal).Count() > 1)
                .SelectMany(g => g).Distinct(StringComparer.Ordinal).ToEquatable(),
            all.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToEquatable()));

        context.RegisterSourceOutput(tensorMethods.Combine(caseCollisions).Where(static pair => !pair.Right.Duplicates.Contains(pair.Left.HintName)),
            static (spc, pair) => Output(spc, pair.Left.Name, Unique(pair.Left.HintName, pair.Right), () => TensorEmitter.Emit(pair.Left)));

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
                    g.Where(p => p.IsArray).OrderBy(p => p.Order).Select(p => p.Member).ToEquatable(),
                    HintNames.Sanitize(g.Key) + ".Parameters.g.cs")));
        context.RegisterSourceOutput(parameterSets, static (spc, model) => Output(spc, "Parameters", model.HintName, () => ParameterSetEmitter.Emit(model)));

        context.RegisterSourceOutput(withDual.Combine(caseCollisions).Where(static pair => !pair.Right.Duplicates.Contains(pair.Left.Model.HintName)),
            static (spc, pair) => Output(spc, pair.Left.Model.Name, Unique(pair.Left.Model.HintName, pair.Right), () => SourceEmitter.Emit(pair.Left.Model, pair.Left.Dual, pair.Left.SplitCallees.ToList(), pair.Left.VectorCallees.ToList())));
        context.RegisterSourceOutput(helpersWithDual.Combine(caseCollisions).Where(static pair => !pair.Right.Duplicates.Contains(pair.Left.Model.HintName)),
            static (spc, pair) => Output(spc, pair.Left.Model.Name, Unique(pair.Left.Model.HintName, pair.Right), () => SourceEmitter.Emit(pair.Left.Model, pair.Left.Dual, vectorCallees: pair.Left.VectorCallees.ToList())));
    }

    /// <summary>A method to emit, whether its second-order members are emitted with it, which of its callees have split sweeps, and which have vector pushforwards.</summary>
    private sealed record EmittedMethod(MethodModel Model, bool Dual, EquatableArray<string> SplitCallees, EquatableArray<string> VectorCallees);

    /// <summary>The callees of <paramref name="m"/> (itself included: a recursive method's vector pushforward calls itself) among <paramref name="vector"/>.</summary>
    private static EquatableArray<string> VectorCallees(MethodModel m, EquatableArray<string> vector) =>
        Callees(m).Where(vector.Contains).ToEquatable();

    /// <summary>The callees of <paramref name="m"/> (itself excluded: its own recursion is split by its own emission) among <paramref name="split"/>.</summary>
    private static EquatableArray<string> SplitCallees(MethodModel m, EquatableArray<string> split) =>
        Callees(m).Where(k => k != m.Key && split.Contains(k)).ToEquatable();

    /// <summary>Hint names that differ only in case (hashed apart) and exactly equal ones (left out).</summary>
    private sealed record HintCollisions(EquatableArray<string> CaseOnly, EquatableArray<string> Duplicates);

    private static string Unique(string hint, HintCollisions collisions) =>
        collisions.CaseOnly.Contains(hint) ? hint.Substring(0, hint.Length - ".g.cs".Length) + "." + StableHash.Of(hint) + ".g.cs" : hint;

    /// <summary>A method's key and the keys of the [Differentiable] source methods whose derivatives it calls.</summary>
    private sealed record CalleeSet(string Key, EquatableArray<string> Callees);

    private static MethodModel? Resolve(MethodModel model, EquatableArray<CustomDerivative> customs)
    {
        try
        {
            return CustomDerivatives.Resolve(model, customs.ToList());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static EquatableArray<string> Callees(MethodModel model)
    {
        var keys = new System.Collections.Generic.SortedSet<string>(StringComparer.Ordinal);
        foreach (IR.Call c in IR.Ir.AllExpressions(model.Body).OfType<IR.Call>())
            if (c.Target.Callee.Length > 0) keys.Add(c.Target.Callee);
        return keys.ToEquatable();
    }

    /// <summary>
    /// The greatest fixed point below, over the [Differentiable] methods and the implicit helpers, keeping only the
    /// helpers that a generated [Differentiable] method reaches (a helper whose callers all use a [DerivativeOf] method
    /// instead, or are refused, gets nothing).
    /// </summary>
    private static EquatableArray<string> GeneratedKeys(ImmutableArray<CalleeSet> methods, ImmutableArray<CalleeSet> helpers)
    {
        var keys = new System.Collections.Generic.HashSet<string>(GeneratedKeys(methods.AddRange(helpers)), StringComparer.Ordinal);
        var helperCallees = helpers.ToDictionary(h => h.Key, h => h.Callees, StringComparer.Ordinal);
        var reached = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var pending = new System.Collections.Generic.Stack<string>(methods.Where(m => keys.Contains(m.Key)).SelectMany(m => m.Callees));
        while (pending.Count > 0)
        {
            string key = pending.Pop();
            if (!helperCallees.TryGetValue(key, out EquatableArray<string> next) || !reached.Add(key)) continue;
            foreach (string callee in next) pending.Push(callee);
        }
        keys.RemoveWhere(k => helperCallees.ContainsKey(k) && !reached.Contains(k));
        return keys.OrderBy(k => k, StringComparer.Ordinal).ToEquatable();
    }

    /// <summary>The greatest set of methods whose callees are all in the set (recursion keeps itself in).</summary>
    private static EquatableArray<string> GeneratedKeys(ImmutableArray<CalleeSet> all)
    {
        var keys = new System.Collections.Generic.HashSet<string>(all.Select(m => m.Key), StringComparer.Ordinal);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (CalleeSet m in all)
            {
                if (keys.Contains(m.Key) && !m.Callees.All(keys.Contains)) changed |= keys.Remove(m.Key);
            }
        }
        return keys.OrderBy(k => k, StringComparer.Ordinal).ToEquatable();
    }

    /// <summary>A lowered [Differentiable] method: a scalar/array program or a tensor program, and the implicit helpers it reaches.</summary>
    private sealed record LoweredMethod(MethodModel? Scalar, TensorModel? Tensor, EquatableArray<MethodModel> Helpers);

    /// <summary>One [Parameter] member, keyed by its declaring type.</summary>
    private sealed record ParameterMemberModel(string TypeKey, string Namespace, EquatableArray<TypeDecl> Types, string Member, bool IsArray, string Order);

    private static LoweredMethod? Lower(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
    {
        try
        {
            if (ctx.TargetSymbol is not IMethodSymbol method || ctx.TargetNode is not MethodDeclarationSyntax syntax) return null;
            AttributeData? assembly = ctx.SemanticModel.Compilation.Assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.AssemblyAttribute);
            MethodModel? scalar = MethodPipeline.Lower(method, syntax, ctx.SemanticModel, ctx.Attributes[0], assembly, ct, out _, out _, out TensorModel? tensor,
                out _, out var helpers, out _);
            return scalar is null && tensor is null ? null : new LoweredMethod(scalar, tensor, helpers.ToEquatable());
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
            // A Tensor or a Tensor[] (per-layer weights, trained element by element); other types are refused where a tensor method reads them.
            bool isArray = TensorLowering.IsTensorArray(type);
            if (!TensorLowering.IsTensor(type) && !isArray || member.ContainingType is null) return null;
            var types = TypeDecls.For(member.ContainingType, ct);
            if (types is null) return null;
            string ns = member.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            string key = HintNames.Type(member.ContainingType);
            string order = ctx.TargetNode.SyntaxTree.FilePath + ":" + ctx.TargetNode.SpanStart.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            return new ParameterMemberModel(key, ns, types.ToEquatable(), member.Name, isArray, order);
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
        try
        {
            spc.AddSource(hint, source);
        }
        catch (ArgumentException ex)
        {
            // Not expected (hint names are unique and sanitized by construction), but never a CS8785.
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, what, ex.Message));
        }
    }
}
