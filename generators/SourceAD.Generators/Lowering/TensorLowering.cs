using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Lowers a [Differentiable] method returning <c>SourceAD.Tensors.Tensor</c>: <c>Ops.X(…)</c> calls and calls of other
/// [Differentiable] tensor methods over [Parameter] members, tensor inputs and tensor locals, inside counted <c>for</c>
/// loops and <c>if</c>/<c>else</c> on non-tensor conditions. Nested calls become temporaries. Tensor locals are mutable
/// variables: a statement that overwrites one keeps the old value for the reverse sweep in a local (at the top level,
/// where it runs at most once) or on the tensor tape (inside loops); a first assignment keeps nothing.
/// </summary>
/// <remarks>
/// One file per kind of construct, as MethodLowering.*.cs: statements and branches (TensorLowering.Statements.cs),
/// loops (.Loops.cs), tensor expressions and calls (.Expressions.cs), non-tensor text repeated as written
/// (.PassiveText.cs), names (.Names.cs), [Parameter] members (.ParameterMembers.cs) and where an overwritten value is
/// kept (.Saves.cs). The model it returns goes through the same stages as a scalar method's: its activity
/// (Analyses/TensorActivity.cs), its sweeps (Transforms/TensorPullback*.cs, TensorPushforward.cs), its file
/// (Emit/TensorEmitter.cs).
/// </remarks>
internal sealed partial class TensorLowering
{
    public const string TensorType = "SourceAD.Tensors.Tensor";
    public const string OpsType = "SourceAD.Tensors.Ops";
    public const string ParameterAttribute = "SourceAD.ParameterAttribute";
    public const string NoDerivativeAttribute = "SourceAD.NoDerivativeAttribute";
    public const string DifferentiableAttribute = "SourceAD.DifferentiableAttribute";

    private readonly IMethodSymbol _method;
    private readonly SemanticModel _model;
    private readonly CancellationToken _ct;
    private readonly List<LoweringDiagnostic> _diagnostics = new();
    private readonly Dictionary<ISymbol, string> _locals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _passiveLocals = new(SymbolEqualityComparer.Default);
    /// <summary>foreach variables over Tensor[] data: the element expression they stand for.</summary>
    private readonly Dictionary<ISymbol, TensorArg> _dataLocals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _used = new();
    private readonly List<string> _variables = new();
    private int _temp;
    private int _ids;
    private int _loopDepth;
    private int _branchDepth;
    /// <summary>The statements lowered so far in the block being lowered.</summary>
    private List<TensorNode> _current = new();

    private TensorLowering(IMethodSymbol method, SemanticModel model, CancellationToken ct)
    {
        _method = method;
        _model = model;
        _ct = ct;
    }

    /// <summary>SourceAD.Tensors.Tensor, whatever its nullable annotation (a <c>var</c> local is <c>Tensor?</c>).</summary>
    public static bool IsTensor(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Tensor" } n && n.ContainingNamespace?.ToDisplayString() == "SourceAD.Tensors";

    /// <summary>A tensor parameter that gets an adjoint and a tangent: typed Tensor and not [NoDerivative].</summary>
    public static bool IsDifferentiableInput(IParameterSymbol p) =>
        (IsTensor(p.Type) || IsTensorArray(p.Type)) && !TypeClassifier.HasAttribute(p, NoDerivativeAttribute);

    /// <summary>Tensor[]: a sequence input; its elements get adjoints and tangents unless it is [NoDerivative].</summary>
    public static bool IsTensorArray(ITypeSymbol? type) => type is IArrayTypeSymbol { Rank: 1 } a && IsTensor(a.ElementType);

    /// <summary>A type with [Parameter] members is a model: its instance tensor methods take <c>Gradients</c>.</summary>
    public static bool IsModel(INamedTypeSymbol type) =>
        type.GetMembers().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute));

    public static TensorModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, PolicyModel policy,
        EquatableArray<TypeDecl> types, string accessibility, CancellationToken ct, out List<LoweringDiagnostic> diagnostics)
    {
        var lowering = new TensorLowering(method, model, ct);
        TensorModel? result = lowering.Run(syntax, policy, types, accessibility);
        diagnostics = lowering._diagnostics;
        return diagnostics.Count > 0 ? null : result;
    }

    private TensorModel? Run(MethodDeclarationSyntax syntax, PolicyModel policy, EquatableArray<TypeDecl> types, string accessibility)
    {
        IMethodSymbol method = _method;
        if (method.IsGenericMethod)
        {
            Report(syntax.Identifier.GetLocation(), "A generic tensor method", "tensor methods are not generic: the element type is the tensor's dtype");
            return null;
        }
        bool hasGradients = !method.IsStatic && IsModel(method.ContainingType);
        // Names the generated methods use: user locals that take one are renamed.
        foreach (string reserved in new[] { "into", "seed", "policy", "updateStatistics", "direction", "tape", "itape", "succeeded", "primalResult", "tangent" }) _used.Add(reserved);
        foreach (IParameterSymbol p in method.Parameters)
        {
            if (GeneratedParameters.Contains(p.Name))
            {
                Report(p.Locations[0], $"The parameter name '{p.Name}'", $"the generated methods take a parameter of that name; rename it (they use {string.Join(", ", GeneratedParameters)})");
            }
            _used.Add(p.Name);
            _used.Add("d" + p.Name);
            _used.Add("t" + p.Name);
            if (p.RefKind != RefKind.None) Report(p.Locations[0], $"The {p.RefKind.ToString().ToLowerInvariant()} parameter '{p.Name}'", "pass tensors and data by value");
        }
        if (!hasGradients && !method.Parameters.Any(IsDifferentiableInput))
        {
            Report(syntax.Identifier.GetLocation(), method.IsStatic ? "A static tensor function without tensor inputs" : "A tensor method in a type without [Parameter] members and without tensor inputs",
                "differentiate with respect to Tensor parameters (not [NoDerivative]) or to the [Parameter] members of a model");
            return null;
        }
        IOperation? body = syntax.Body is not null ? _model.GetOperation(syntax.Body, _ct) : syntax.ExpressionBody is not null ? _model.GetOperation(syntax.ExpressionBody, _ct) : null;
        if (body is null || syntax.ContainsDiagnostics || body.DescendantsAndSelf().Any(o => o is IInvalidOperation)) return null;
        if (body is IMethodBodyOperation mb) body = mb.BlockBody ?? mb.ExpressionBody;
        if (body is null) return null;
        var statements = body is IBlockOperation block ? block.Operations.ToList() : new List<IOperation> { body };
        RefuseUntrainedParameters(body);
        // A reassigned tensor parameter becomes a variable that starts as a handle on the input.
        foreach (IParameterSymbol p in body.Descendants().OfType<ISimpleAssignmentOperation>()
                     .Select(a => Unwrap(a.Target)).OfType<IParameterReferenceOperation>().Select(r => r.Parameter)
                     .Where(p => IsTensor(p.Type)).Distinct<IParameterSymbol>(SymbolEqualityComparer.Default))
        {
            string name = Fresh(p.Name);
            _variables.Add(name);
            _locals[p] = name;
            Emit(name, TensorOpTable.AliasOp, new[] { new TensorArg("x", p.Name, TensorArgKind.Input) });
        }
        string? result = null;
        for (int i = 0; i < statements.Count; i++)
        {
            IOperation op = statements[i];
            if (op is IReturnOperation { ReturnedValue: { } value })
            {
                if (i != statements.Count - 1)
                {
                    Report(op.Syntax.GetLocation(), "A return before the end of a tensor method", "end the method with its only return");
                }
                result = Result(value);
                break;
            }
            Statement(op);
        }
        if (result is null)
        {
            Report(syntax.Identifier.GetLocation(), "This tensor method", "end with 'return Ops.X(...)' or 'return local;'");
            return null;
        }
        var ps = method.Parameters.Select(p => new Param(p.Name, TypeClassifier.Text(p.Type), TypeClassifier.Text(p.Type),
            IsTensorArray(p.Type) ? ParamKind.PassiveArray : ParamKind.Passive, IsDifferentiableInput(p))).ToEquatable();
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        // Non-tensor text is emitted as written: the generated file gets the same using directives.
        var fileUsings = syntax.SyntaxTree.GetRoot(_ct) is CompilationUnitSyntax unit
            ? unit.Usings.Where(u => u.GlobalKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)).Select(u => u.ToString()).ToEquatable()
            : EquatableArray<string>.Empty;
        var namespaceUsings = syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse()
            .SelectMany(n => n.Usings).Select(u => u.ToString()).ToEquatable();
        var parameterArrays = hasGradients
            ? method.ContainingType.GetMembers().Where(m => IsParameterMember(m) && IsTensorArray(MemberType(m))).Select(m => m.Name).ToEquatable()
            : EquatableArray<string>.Empty;
        return new TensorModel(ns, types, method.Name, accessibility, ps, method.IsStatic, hasGradients, _variables.ToEquatable(), _current.ToEquatable(),
            result, policy, HintNames.Derivatives(method), fileUsings, namespaceUsings, parameterArrays);
    }

    private string Result(IOperation value)
    {
        value = Unwrap(value);
        // The returned tensor must be one this method created: a local or a call result; an input or member is aliased.
        if (value is ILocalReferenceOperation l && _locals.TryGetValue(l.Local, out string? name)) return name;
        if (value is IParameterReferenceOperation pr && _locals.TryGetValue(pr.Parameter, out string? variable)) return variable;
        if (IsCall(value)) return Expression(value, Fresh("result"));
        TensorArg arg = Argument("x", value);
        if (arg.Kind is TensorArgKind.Null or TensorArgKind.Passive)
        {
            Report(value.Syntax.GetLocation(), $"The returned expression '{value.Syntax}'", "return a tensor");
            return "__invalid";
        }
        string target = Fresh("result");
        Emit(target, TensorOpTable.AliasOp, new[] { arg with { Param = "x" } });
        return target;
    }

    /// <summary>Parameters of the generated tensor methods (public API, named in calls: into:, seed:, policy:).</summary>
    private static readonly IReadOnlyList<string> GeneratedParameters = new[] { "into", "seed", "policy", "updateStatistics", "direction" };

    private void Report(Location location, string what, string hint)
    {
        if (_parameterRefusals.Any(s => location.SourceSpan.Contains(s) && location.SourceSpan != s)) return;
        _diagnostics.Add(new LoweringDiagnostic(DiagnosticDescriptors.Unsupported, location, new object[] { what, hint }));
    }
}
