using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Lowers a [Differentiable] method from Roslyn's IOperation tree (which already normalizes conversions, compound
/// assignments and operator binding) to the IR. The generator and the analyzer both reach it through
/// MethodPipeline.Lower: one implementation, so "what is supported" cannot drift between code generation and diagnostics.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly IMethodSymbol _method;
    private readonly SemanticModel _semanticModel;
    private readonly CancellationToken _ct;
    private readonly List<LoweringDiagnostic> _diagnostics = new();
    private readonly Dictionary<ISymbol, string> _names = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _usedNames = new();
    private readonly List<Local> _locals = new();
    private readonly HashSet<string> _arrays = new();
    private readonly HashSet<string> _readOnlyArrays = new();
    private int _temp;
    private PolicyModel _policy = PolicyModel.PyTorch;
    private TensorModel? _tensor;

    /// <summary>
    /// Count-only mode (<see cref="LowerForCount"/>): the body is lowered so that its cost can be printed and counted,
    /// and nothing is emitted from the model, so the checks that guard generated members are skipped.
    /// </summary>
    private bool _countOnly;

    private MethodLowering(IMethodSymbol method, SemanticModel semanticModel, ImplicitHelpers implicitHelpers, CancellationToken ct)
    {
        _method = method;
        _semanticModel = semanticModel;
        _implicitHelpers = implicitHelpers;
        _ct = ct;
    }

    /// <summary>
    /// The lowered model, or null when the method cannot be differentiated (see <paramref name="diagnostics"/>); also the
    /// calls that need a [DerivativeOf] method, a tensor program's model, the [Differentiable] callees whose derivatives
    /// the model calls, and by key why implicit helpers that cannot be differentiated cannot. The entry point is
    /// <c>MethodPipeline.Lower</c>, which hands in <paramref name="implicitHelpers"/> with the passes lowering runs
    /// between its steps.
    /// </summary>
    internal static MethodModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel,
        AttributeData? methodAttribute, ImplicitHelpers implicitHelpers, CancellationToken ct, out List<LoweringDiagnostic> diagnostics,
        out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out TensorModel? tensor,
        out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees, out IReadOnlyDictionary<string, string> helperProblems) =>
        LowerWith(method, syntax, semanticModel, PolicyResolver.Resolve(methodAttribute, implicitHelpers.AssemblyAttribute), implicitHelpers, ct,
            out diagnostics, out unresolved, out tensor, out callees, out helperProblems);

    /// <summary>Lowers a helper without [Differentiable] as if it were marked (policy: the assembly's defaults).</summary>
    internal static MethodModel? LowerImplicit(IMethodSymbol helper, MethodDeclarationSyntax syntax, SemanticModel semanticModel, ImplicitHelpers implicitHelpers,
        CancellationToken ct, out List<LoweringDiagnostic> diagnostics, out IReadOnlyList<(string Key, Location Location, string Display)> unresolved,
        out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees) =>
        LowerWith(helper, syntax, semanticModel, PolicyResolver.Resolve(null, implicitHelpers.AssemblyAttribute), implicitHelpers, ct,
            out diagnostics, out unresolved, out _, out callees, out _);

    /// <summary>
    /// Lowers an ordinary method's body only to count its floating operations (the cost of a [DerivativeOf] method
    /// and of its target, SRCAD1003): nothing is generated from the model. A hand-written derivative's <c>ref</c> and
    /// <c>out</c> adjoints are plain variables here, a pushforward's tuple result is a set of result locals, and the checks
    /// that guard generated members (partial types, member names, the return type of a derivative's surface) are
    /// skipped. Null, with the reason in <paramref name="diagnostics"/>, when the body cannot be lowered even so.
    /// </summary>
    internal static MethodModel? LowerForCount(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, ImplicitHelpers implicitHelpers,
        CancellationToken ct, out List<LoweringDiagnostic> diagnostics) =>
        LowerWith(method, syntax, semanticModel, PolicyResolver.Resolve(null, implicitHelpers.AssemblyAttribute), implicitHelpers, ct,
            out diagnostics, out _, out _, out _, out _, countOnly: true);

    private static MethodModel? LowerWith(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, PolicyModel policy,
        ImplicitHelpers implicitHelpers, CancellationToken ct, out List<LoweringDiagnostic> diagnostics,
        out IReadOnlyList<(string Key, Location Location, string Display)> unresolved, out TensorModel? tensor,
        out IReadOnlyList<(IMethodSymbol Callee, Location Location)> callees, out IReadOnlyDictionary<string, string> helperProblems, bool countOnly = false)
    {
        // Calls of other methods' generated members bind only against their stubs in the generator (NestedDerivativeStubs).
        (semanticModel, method) = NestedDerivativeStubs.Rebind(method, syntax, semanticModel, ct);
        var lowering = new MethodLowering(method, semanticModel, implicitHelpers, ct) { _countOnly = countOnly };
        MethodModel? model = null;
        try
        {
            model = lowering.Run(syntax, policy);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The generator never throws: an unexpected shape becomes a diagnostic on the method, not a CS8785.
            lowering.Report(DiagnosticDescriptors.Unsupported, syntax.Identifier.GetLocation(), "This method", "the lowering failed unexpectedly (" + ex.GetType().Name + ": " + ex.Message + "); please report it");
        }
        diagnostics = lowering._diagnostics;
        unresolved = lowering._unresolved.Concat(lowering._helperUnresolved).ToList();
        callees = lowering._callees;
        helperProblems = lowering._helperProblems;
        tensor = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : lowering._tensor;
        return diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : model;
    }

    /// <summary>The suffixes of the members generated for a scalar method (FPullback, FGradient, FPushforward, FPushforwardVector, FJacobian,
    /// FCheckDerivatives, FHessianVectorProduct, FHessian, and the dual members FDual and FPullbackDual).</summary>
    private static readonly string[] GeneratedSuffixes = { "Pullback", "Gradient", "Pushforward", "PushforwardVector", "Jacobian", "CheckDerivatives", "HessianVectorProduct", "Hessian", "Dual", "PullbackDual" };

    private MethodModel? Run(MethodDeclarationSyntax syntax, PolicyModel policy)
    {
        _policy = policy;
        Location nameLocation = syntax.Identifier.GetLocation();

        // Containing types must all be partial (SRCAD0003, with a code fix).
        // Counting generates nothing, so the types need not be partial.
        List<TypeDecl>? types = _countOnly ? new List<TypeDecl>() : TypeDecls.For(_method.ContainingType, _ct,
            (decl, t) => Report(DiagnosticDescriptors.NotPartial, decl.Identifier.GetLocation(), t.Name, _method.Name));
        if (types is null) return null;
        if (_countOnly) return RunForCount(syntax, policy, types, nameLocation);

        // Tensor programs (models with [Parameter] tensors) have their own, straight-line lowering.
        if (TensorLowering.IsTensor(_method.ReturnType))
        {
            string tensorAccessibility = SyntaxFacts.GetText(_method.DeclaredAccessibility) is { Length: > 0 } a ? a : "private";
            _tensor = TensorLowering.Lower(_method, syntax, _semanticModel, policy, types.ToEquatable(), tensorAccessibility, _ct, out var tensorDiagnostics);
            _diagnostics.AddRange(tensorDiagnostics);
            return null;
        }

        // Signature.
        if (IsInlineOnly(_method))
        {
            Report(ReturnsTuple(_method) ? DiagnosticDescriptors.InlineOnlyTuple : DiagnosticDescriptors.InlineOnly, nameLocation, _method.Name);
            return null;
        }
        string returnType = TypeClassifier.Text(_method.ReturnType);
        bool returnsVoid = _method.ReturnsVoid;
        if (!returnsVoid && !TypeClassifier.IsFloating(_method.ReturnType))
        {
            // A generic T with constraints beyond the generic-math interfaces IFloatingPointIeee754<T> implies (struct, a
            // user interface; INumber<T> or IFloatingPoint<T> alone are floating, TypeClassifier.IsWeakGenericMath): the
            // derivatives are generated for IFloatingPointIeee754<T>, which could not satisfy those.
            string why = _method.ReturnType is ITypeParameterSymbol { ConstraintTypes.Length: > 0, TypeParameterKind: TypeParameterKind.Type } typeParameter
                ? $"it returns '{typeParameter.Name}', a type parameter of '{_method.ContainingType.Name}' constrained to {string.Join(", ", typeParameter.ConstraintTypes.Select(c => c.ToDisplayString()))}; " +
                  $"the generated members share the type's constraint and cannot strengthen it, so constrain the type's {typeParameter.Name} to IFloatingPointIeee754<{typeParameter.Name}>, " +
                  $"or make the method generic in its own {typeParameter.Name} (a method's own INumber<{typeParameter.Name}> or IFloatingPoint<{typeParameter.Name}> is differentiated)"
                : _method.ReturnType is ITypeParameterSymbol { ConstraintTypes.Length: > 0 } weak
                ? $"it returns '{weak.Name}', which is constrained to {string.Join(", ", weak.ConstraintTypes.Select(c => c.ToDisplayString()))}" +
                  (weak.HasValueTypeConstraint || weak.HasReferenceTypeConstraint || weak.HasConstructorConstraint || weak.HasUnmanagedTypeConstraint || weak.HasNotNullConstraint ? " and struct/class/new()/unmanaged/notnull" : "") +
                  $"; SourceAD differentiates a generic {weak.Name} constrained to IFloatingPointIeee754<{weak.Name}>, or only to generic-math interfaces it implies with arithmetic " +
                  $"(INumber<{weak.Name}>, IFloatingPoint<{weak.Name}>, IRootFunctions<{weak.Name}>, …; the derivatives are then generated for IFloatingPointIeee754<{weak.Name}>): constrain it so"
                : $"it returns '{_method.ReturnType.ToDisplayString()}'; a [Differentiable] method returns double, float, Half or a generic T : IFloatingPointIeee754<T>, or is void and writes Span<T> outputs";
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, why);
            return null;
        }
        if (_method.IsAsync || _method.IsExtern || _method.IsAbstract || _method.ReturnsByRef)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, "async, extern, abstract and ref-returning methods cannot be differentiated");
            return null;
        }
        // The generated members' names are SourceAD's: a user's own LossGradient beside [Differentiable] Loss would make
        // the generated file fail with CS0111, so it is refused here, at the user's member. Members of the generated
        // files themselves (which the analyzer sees) do not count.
        foreach (string suffix in GeneratedSuffixes)
        {
            foreach (ISymbol existing in _method.ContainingType.GetMembers(_method.Name + suffix))
            {
                if (existing.DeclaringSyntaxReferences.Any(r => !r.SyntaxTree.FilePath.EndsWith("Derivatives.g.cs", StringComparison.Ordinal)))
                {
                    Report(DiagnosticDescriptors.UnsupportedSignature, existing.Locations.FirstOrDefault() ?? nameLocation, _method.Name,
                        $"'{existing.Name}' is already declared in '{_method.ContainingType.Name}', and SourceAD generates a member of that name; rename yours (or the [Differentiable] method)");
                    return null;
                }
            }
        }
        List<Param> parameters = LowerParameters(nameLocation);
        if (!CheckNestedSignature(parameters, returnsVoid, nameLocation)) return null;
        string realType;
        // Structs of a vector-output method are data only (Emit/PassiveAggregateForwarders.cs): its surface has no place
        // for a struct's adjoint beside the output seeds.
        if (returnsVoid && _aggregateParams.Values.FirstOrDefault(a => a.IsArray || a.FlatNames.Any(n => parameters.Any(q => q.Name == n && q.Differentiable))) is SurfaceParam active)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, active.Sequence != SequenceKind.None
                ? $"the list parameter '{active.Name}' of a void (vector-output) method is not supported; take ReadOnlySpan<T> (pass CollectionsMarshal.AsSpan(list)) or T[]"
                : active.IsArray
                ? $"a void method with an array of structs ('{active.Name}') is not supported; pass the members as arrays"
                : $"the struct parameter '{active.Name}' of a void method would need an adjoint beside the outputs, which is not supported; mark it [NoDerivative] if it is data, or return a double (one method per output)");
            return null;
        }
        if (returnsVoid)
        {
            Param? output = parameters.FirstOrDefault(p => p.Kind == ParamKind.RealSpanOutput);
            if (output is null)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, "a void [Differentiable] method must write at least one Span<T> output of a floating type");
                return null;
            }
            realType = output.ElementType;
        }
        else
        {
            realType = returnType;
            Param? output = parameters.FirstOrDefault(p => p.Kind == ParamKind.RealSpanOutput);
            if (output is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, $"Span<T> parameter '{output.Name}' is an output, so the method must return void; use ReadOnlySpan<T> for inputs");
                return null;
            }
        }

        // Body.
        if (LowerBody(syntax, nameLocation) is not List<Stmt> body) return null;
        body.InsertRange(0, _dataArrayAliases);
        List<Stmt> structured = Structurize.Run(body, returnsVoid, realType, this);

        string accessibility = Accessibility();
        string typeParams = _method.TypeParameters.Length > 0 ? "<" + string.Join(", ", _method.TypeParameters.Select(t => t.Name)) + ">" : "";
        string constraints = string.Join(" ", syntax.ConstraintClauses.Select(c => ConstraintText(c)));
        string ns = Namespace();
        string hint = HintNames.Derivatives(_method);

        var model = new MethodModel(ns, types.ToEquatable(), _method.Name, accessibility, _method.IsStatic, typeParams, constraints,
            returnType, realType, parameters.ToEquatable(), _locals.ToEquatable(), structured.ToEquatable(), policy, hint, CustomDerivatives.Key(_method), Surface(parameters));
        if (_nested.Count > 0) model = model with { Nested = _nested.ToEquatable() };
        if (Checkpoints(syntax, structured) is { Count: > 0 } checkpoints) model = model with { Checkpoints = checkpoints.ToEquatable() };
        if (_unresolved.Count > 0 || _implicitCalls.Count > 0)
        {
            // Calls on constants need no derivative (an analysis, Analyses/ConstantCalls.cs, handed in by the entry point):
            // before the implicit callees, so that only helpers on the derivative's path are lowered.
            model = _implicitHelpers.ConstantCalls(model, out HashSet<string> stillNeeded);
            _unresolved.RemoveAll(u => !stillNeeded.Contains(u.Key));
        }
        return _implicitCalls.Count == 0 ? model : LowerImplicitCallees(model);
    }

    /// <summary>The method's accessibility as C# writes it (private when it has none to write).</summary>
    private string Accessibility() => SyntaxFacts.GetText(_method.DeclaredAccessibility) is { Length: > 0 } acc ? acc : "private";

    /// <summary>The method's namespace, empty for the global one.</summary>
    private string Namespace() => _method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";

    /// <summary>The method's parameters as the model's; a parameter no derivative can be written for is reported and left out.</summary>
    private List<Param> LowerParameters(Location nameLocation)
    {
        var parameters = new List<Param>();
        foreach (IParameterSymbol p in _method.Parameters)
        {
            if (_countOnly && p.RefKind is RefKind.Ref or RefKind.Out)
            {
                // A hand-written pullback's ref adjoints (or an out result), counted as a plain variable: never emitted.
                string t = TypeClassifier.Text(p.Type);
                bool floating = TypeClassifier.IsFloating(p.Type);
                parameters.Add(new Param(Identifiers.Escape(p.Name), t, t, floating ? ParamKind.Real : ParamKind.Passive, floating));
                Name(p, p.Name);
                continue;
            }
            if (LowerAggregateParameter(p, parameters)) continue;
            if (LowerListParameter(p, parameters)) continue;
            if (!TypeClassifier.HasAttribute(p, "SourceAD.NoDerivativeAttribute") && TypeClassifier.FloatingSequenceElement(p.Type) is ITypeSymbol item)
            {
                // Any other IEnumerable<double> (ICollection, IEnumerable: no indexer) would otherwise be passive data, its reads
                // refused one by one; List, IList and IReadOnlyList are read as spans (MethodLowering.ListParameters.cs).
                string t = TypeClassifier.Text(item);
                ReportMarkable(DiagnosticDescriptors.UnsupportedSignature, p.Locations.FirstOrDefault() ?? nameLocation, p, _method.Name,
                    $"parameter '{p.Name}' is a '{p.Type.ToDisplayString()}', which has no indexer; take {t}[], ReadOnlySpan<{t}>, " +
                    $"List<{t}> or IReadOnlyList<{t}> instead, or mark it [NoDerivative]");
                continue;
            }
            Param? param = TypeClassifier.Classify(p, out string? problem, _semanticModel.Compilation);
            if (param is null)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, p.Locations.FirstOrDefault() ?? nameLocation, _method.Name, problem!);
                continue;
            }
            parameters.Add(param with { Default = TypeClassifier.DefaultText(p) });
            string irName = Name(p, p.Name); // param.Name: '@out' for a parameter named out
            if (param.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.RealSpanOutput or ParamKind.PassiveArray) _arrays.Add(irName);
            // Floating inputs are read-only unless the method edits them in place (Param.Edited); outputs and passive
            // arrays (an int[] index list edited in place) may be written.
            if (param.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan && !param.Edited) _readOnlyArrays.Add(irName);
        }
        return parameters;
    }

    /// <summary>The method body's statements, lowered; null when it has none (reported) or does not compile yet (the compiler reports it).</summary>
    private List<Stmt>? LowerBody(MethodDeclarationSyntax syntax, Location nameLocation)
    {
        IOperation? bodyOp = syntax.Body is not null
            ? _semanticModel.GetOperation(syntax.Body, _ct)
            : syntax.ExpressionBody is not null ? _semanticModel.GetOperation(syntax.ExpressionBody, _ct) : null;
        if (bodyOp is null)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, "it has no body");
            return null;
        }
        // Cheap checks (GetDiagnostics would run flow analysis for every method on every edit).
        if (syntax.ContainsDiagnostics || bodyOp.DescendantsAndSelf().Any(o => o is IInvalidOperation || o is IConversionOperation { Conversion.Exists: false }))
        {
            // Half-typed code: the compiler already reports the errors; generate nothing and add no noise.
            return null;
        }
        var body = new List<Stmt>();
        if (bodyOp is IMethodBodyOperation mb) bodyOp = mb.BlockBody ?? mb.ExpressionBody;
        if (bodyOp is IBlockOperation block)
        {
            foreach (IOperation op in block.Operations) LowerStatement(op, body);
        }
        else if (bodyOp is not null)
        {
            LowerStatement(bodyOp, body);
        }
        return body;
    }

    private string ConstraintText(TypeParameterConstraintClauseSyntax clause)
    {
        // T : INumber<T> / IFloatingPoint<T> (no more): the derivatives are generated for T : IFloatingPointIeee754<T>.
        if (_method.TypeParameters.FirstOrDefault(t => t.Name == clause.Name.Identifier.ValueText) is ITypeParameterSymbol tp &&
            TypeClassifier.GeneratedConstraint(tp) is string strengthened) return strengthened;
        // Re-print constraints with fully qualified types so the generated file needs no usings.
        var parts = clause.Constraints.Select(c => c is TypeConstraintSyntax tc && _semanticModel.GetTypeInfo(tc.Type, _ct).Type is ITypeSymbol ts
            ? TypeClassifier.Text(ts)
            : c.ToString());
        return $"where {clause.Name.Identifier.ValueText} : {string.Join(", ", parts)}";
    }

    internal void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
        _diagnostics.Add(new LoweringDiagnostic(descriptor, AtSource(location), args));

    /// <summary>A diagnostic whose rewrite is to mark the method's parameter <paramref name="parameter"/> [NoDerivative] (a code fix offers it).</summary>
    private void ReportMarkable(DiagnosticDescriptor descriptor, Location location, IParameterSymbol parameter, params object[] args) =>
        _diagnostics.Add(new LoweringDiagnostic(descriptor, AtSource(location), args,
            SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method) ? parameter.Name : null));

    private void Unsupported(IOperation op, string what, string hint, IParameterSymbol? markable = null)
    {
        // Once per site: a span view's call may be resolved more than once (MethodLowering.SpanViews.cs).
        Location at = AtSource(op.Syntax.GetLocation());
        if (_diagnostics.Any(d => d.Descriptor == DiagnosticDescriptors.Unsupported && d.Location == at && Equals(d.Args.ElementAtOrDefault(0), what))) return;
        if (markable is not null) ReportMarkable(DiagnosticDescriptors.Unsupported, at, markable, what, hint);
        else Report(DiagnosticDescriptors.Unsupported, at, what, hint);
    }

    /// <summary>A unique IR name for a symbol: its own name unless a different symbol already took it.</summary>
    private string Name(ISymbol symbol, string preferred)
    {
        if (_names.TryGetValue(symbol, out string? existing)) return existing;
        preferred = Identifiers.Escape(preferred);
        string name = preferred;
        for (int i = 2; _usedNames.Contains(name); i++) name = preferred + "_" + i;
        _usedNames.Add(name);
        _names[symbol] = name;
        return name;
    }

    /// <summary>A fresh temporary local of the given type.</summary>
    internal string NewTemp(string hint, string type, bool isArray = false, string? elementType = null, ArrayLayout layout = ArrayLayout.Flat)
    {
        string name;
        do { name = $"{hint}_{_temp++}"; } while (_usedNames.Contains(name));
        _usedNames.Add(name);
        _locals.Add(new Local(name, type, isArray, elementType ?? type, layout));
        return name;
    }

    private string DeclareLocal(ILocalSymbol local)
    {
        string name = Name(local, local.Name);
        // Rectangular and jagged locals are arrays of their scalar element type, with their layout.
        ITypeSymbol? element = TypeClassifier.NestedElementOf(local.Type, out ArrayLayout layout) ?? TypeClassifier.ElementOf(local.Type, out _, out _);
        if (element is not null) _arrays.Add(name);
        if (!_locals.Any(l => l.Name == name))
        {
            _locals.Add(new Local(name, TypeClassifier.Text(local.Type), element is not null, element is null ? TypeClassifier.Text(local.Type) : TypeClassifier.Text(element), layout));
        }
        return name;
    }
}
