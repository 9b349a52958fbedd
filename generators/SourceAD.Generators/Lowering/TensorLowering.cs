using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Lowers a [Differentiable] method returning <c>SourceAD.Tensors.Tensor</c>: a straight-line chain of
/// <c>Ops.X(…)</c> calls over [Parameter] members, data inputs and locals. Nested calls become locals; reassigned
/// locals get fresh names (so no tensor tape is needed).
/// </summary>
internal sealed class TensorLowering
{
    public const string TensorType = "SourceAD.Tensors.Tensor";
    public const string OpsType = "SourceAD.Tensors.Ops";
    public const string ParameterAttribute = "SourceAD.ParameterAttribute";

    private readonly SemanticModel _model;
    private readonly CancellationToken _ct;
    private readonly List<LoweringDiagnostic> _diagnostics = new();
    private readonly List<TensorStmt> _body = new();
    private readonly Dictionary<ISymbol, string> _locals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _used = new();
    private int _temp;

    private TensorLowering(SemanticModel model, CancellationToken ct)
    {
        _model = model;
        _ct = ct;
    }

    /// <summary>SourceAD.Tensors.Tensor, whatever its nullable annotation (a <c>var</c> local is <c>Tensor?</c>).</summary>
    public static bool IsTensor(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Tensor" } n && n.ContainingNamespace?.ToDisplayString() == "SourceAD.Tensors";

    public static TensorModel? Lower(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, PolicyModel policy,
        EquatableArray<TypeDecl> types, string accessibility, CancellationToken ct, out List<LoweringDiagnostic> diagnostics)
    {
        var lowering = new TensorLowering(model, ct);
        TensorModel? result = lowering.Run(method, syntax, policy, types, accessibility);
        diagnostics = lowering._diagnostics;
        return diagnostics.Count > 0 ? null : result;
    }

    private TensorModel? Run(IMethodSymbol method, MethodDeclarationSyntax syntax, PolicyModel policy, EquatableArray<TypeDecl> types, string accessibility)
    {
        if (method.IsStatic || method.IsGenericMethod)
        {
            Report(syntax.Identifier.GetLocation(), "A static or generic tensor method", "tensor methods are instance methods of a model class whose [Parameter] members are the trainable tensors");
            return null;
        }
        if (!method.ContainingType.GetMembers().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute)))
        {
            Report(syntax.Identifier.GetLocation(), "A tensor method in a type without [Parameter] members", "mark the trainable Tensor fields or properties [Parameter]");
            return null;
        }
        foreach (IParameterSymbol p in method.Parameters)
        {
            _used.Add(p.Name);
            if (p.RefKind != RefKind.None) Report(p.Locations[0], $"The {p.RefKind.ToString().ToLowerInvariant()} parameter '{p.Name}'", "pass tensors and data by value");
        }
        IOperation? body = syntax.Body is not null ? _model.GetOperation(syntax.Body, _ct) : syntax.ExpressionBody is not null ? _model.GetOperation(syntax.ExpressionBody, _ct) : null;
        if (body is null || syntax.ContainsDiagnostics || body.DescendantsAndSelf().Any(o => o is IInvalidOperation)) return null;
        if (body is IMethodBodyOperation mb) body = mb.BlockBody ?? mb.ExpressionBody;
        string? result = null;
        foreach (IOperation op in body is IBlockOperation block ? (IEnumerable<IOperation>)block.Operations : new[] { body! })
        {
            result = Statement(op) ?? result;
        }
        if (result is null)
        {
            Report(syntax.Identifier.GetLocation(), "This tensor method", "end with 'return Ops.X(...)' or 'return local;'");
            return null;
        }
        var ps = method.Parameters.Select(p => new Param(p.Name, TypeClassifier.Text(p.Type), TypeClassifier.Text(p.Type), ParamKind.Passive, false)).ToEquatable();
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
        string typeName = string.Join(".", types.Select(t => t.Name.Split('<')[0]));
        return new TensorModel(ns, types, method.Name, accessibility, ps, _body.ToEquatable(), result, policy, $"{typeName}.{method.Name}.Derivatives.g.cs");
    }

    /// <summary>Lowers one statement; returns the result's name for the return statement.</summary>
    private string? Statement(IOperation op)
    {
        switch (op)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (var d in group.Declarations.SelectMany(d => d.Declarators))
                {
                    IOperation? init = d.GetVariableInitializer()?.Value ?? d.Initializer?.Value;
                    if (!IsTensor(d.Symbol.Type) || init is null) { Report(d.Syntax.GetLocation(), "A non-tensor or uninitialized local", "declare tensor locals from Ops calls: var h = Ops.Relu(x);"); continue; }
                    Bind(d.Symbol, init);
                }
                return null;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assign }:
                Bind(local.Local, assign.Value);
                return null;
            case IReturnOperation { ReturnedValue: { } value }:
                return Value(value);
            default:
                Report(op.Syntax.GetLocation(), $"The statement '{op.Syntax}'", "a tensor method is a straight-line chain of 'var h = Ops.X(...)' statements ending in a return (loops and branches over tensors are not supported yet)");
                return null;
        }
    }

    private void Bind(ILocalSymbol local, IOperation value)
    {
        // Generated code echoes the user's names: the call's result takes the local's name (h, h_2 after reassignment).
        if (value is IConversionOperation { IsImplicit: true } c) value = c.Operand;
        string name = value is IInvocationOperation call && call.TargetMethod.ContainingType?.ToDisplayString() == OpsType
            ? Call(call, local.Name)
            : Value(value);
        // Reassignment gets a fresh SSA name: the old tensor stays alive for the reverse sweep.
        _locals[local] = name;
    }

    /// <summary>The IR name holding the value of a tensor expression (calls become new locals).</summary>
    private string Value(IOperation op)
    {
        if (op is IConversionOperation { IsImplicit: true } c) op = c.Operand;
        switch (op)
        {
            case ILocalReferenceOperation l when _locals.TryGetValue(l.Local, out string? n):
                return n;
            case IInvocationOperation call when call.TargetMethod.ContainingType?.ToDisplayString() == OpsType:
                return Call(call);
            default:
                Report(op.Syntax.GetLocation(), $"The tensor expression '{op.Syntax}'", "use Ops.X(...) calls, tensor locals, parameters and [Parameter] members");
                return "__invalid";
        }
    }

    private string Call(IInvocationOperation call, string? preferredName = null)
    {
        string opName = call.TargetMethod.Name;
        if (!TensorOpTable.Rows.TryGetValue(opName, out TensorOp? row))
        {
            Report(call.Syntax.GetLocation(), $"Ops.{opName}", $"it has no derivative rule the generator knows; supported: {string.Join(", ", TensorOpTable.Rows.Keys.OrderBy(k => k, System.StringComparer.Ordinal))}");
            return "__invalid";
        }
        var args = new List<TensorArg>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue; // omitted optional argument
            string param = arg.Parameter!.Name;
            IOperation value = arg.Value is IConversionOperation { IsImplicit: true } cv ? cv.Operand : arg.Value;
            if (IsTensor(arg.Parameter.Type))
            {
                args.Add(TensorArgument(param, value));
            }
            else
            {
                args.Add(new TensorArg(param, arg.Value.Syntax.ToString(), TensorArgKind.Passive));
            }
        }
        string target = preferredName is not null && _used.Add(preferredName)
            ? preferredName
            : Fresh(preferredName ?? char.ToLowerInvariant(opName[0]) + opName.Substring(1));
        _body.Add(new TensorStmt(target, opName, args.ToEquatable()));
        return target;
    }

    private TensorArg TensorArgument(string param, IOperation value)
    {
        switch (value)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return new TensorArg(param, "null", TensorArgKind.Null);
            case IParameterReferenceOperation p:
                return new TensorArg(param, p.Parameter.Name, TensorArgKind.Input);
            case IFieldReferenceOperation or IPropertyReferenceOperation when value is IMemberReferenceOperation m &&
                                                                       m.Instance is null or IInstanceReferenceOperation:
                bool isParameter = m.Member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute);
                return new TensorArg(param, m.Member.Name, isParameter ? TensorArgKind.Parameter : TensorArgKind.Input);
            default:
                return new TensorArg(param, Value(value), TensorArgKind.Local);
        }
    }

    private string Fresh(string hint)
    {
        string name;
        do { name = $"{hint}_{_temp++}"; } while (_used.Contains(name));
        _used.Add(name);
        return name;
    }

    private void Report(Location location, string what, string hint) =>
        _diagnostics.Add(new LoweringDiagnostic(DiagnosticDescriptors.Unsupported, location, new object[] { what, hint }));
}
