using System.Collections.Generic;
using System.Collections.Immutable;
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
internal sealed class TensorLowering
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
    /// <summary>Variables that may hold a value at the current point (a write there must keep the old one).</summary>
    private HashSet<string> _assigned = new();
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

    /// <summary>Lowers one statement into <see cref="_current"/>.</summary>
    private void Statement(IOperation op)
    {
        _ct.ThrowIfCancellationRequested();
        switch (op)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclaratorOperation d in group.Declarations.SelectMany(d => d.Declarators))
                {
                    IOperation? init = d.GetVariableInitializer()?.Value ?? d.Initializer?.Value;
                    if (IsTensor(d.Symbol.Type))
                    {
                        if (init is null) { Declare(d.Symbol); continue; } // Tensor h; assigned later (C# checks definite assignment)
                        Bind(d.Symbol, init);
                    }
                    else
                    {
                        Passive(d, init);
                    }
                }
                return;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assign } when IsTensor(local.Local.Type):
                if (!_locals.ContainsKey(local.Local))
                {
                    Report(op.Syntax.GetLocation(), $"The assignment '{op.Syntax}'", "declare the tensor local with an initializer first");
                    return;
                }
                Bind(local.Local, assign.Value);
                return;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IParameterReferenceOperation p } assign } when _locals.TryGetValue(p.Parameter, out string? variable):
                Expression(assign.Value, variable);
                return;
            case IBlockOperation block:
                foreach (IOperation s in block.Operations) Statement(s);
                return;
            case IForLoopOperation loop:
                For(loop);
                return;
            case IForEachLoopOperation each:
                ForEach(each);
                return;
            case IConditionalOperation conditional when !conditional.IsRef && conditional.Type is null or { SpecialType: SpecialType.System_Void } && conditional.Syntax is IfStatementSyntax:
                If(conditional);
                return;
            case IEmptyOperation:
                return;
            case IReturnOperation:
                Report(op.Syntax.GetLocation(), "A return inside a loop or branch of a tensor method", "assign the value to a tensor local and return it at the end of the method");
                return;
            default:
                Report(op.Syntax.GetLocation(), $"The statement '{op.Syntax}'",
                    "a tensor method is made of 'var h = Ops.X(...)' statements, counted for loops and if/else on non-tensor conditions, ending in a return");
                return;
        }
    }

    /// <summary>A non-tensor local: allowed at the top level when never reassigned (emitted as written).</summary>
    private void Passive(IVariableDeclaratorOperation d, IOperation? init)
    {
        if (_loopDepth > 0 || _branchDepth > 0)
        {
            Report(d.Syntax.GetLocation(), $"The non-tensor local '{d.Symbol.Name}' inside a loop or branch", "declare non-tensor locals at the top of the method");
            return;
        }
        if (init is null || WritesTo(d.Symbol))
        {
            Report(d.Syntax.GetLocation(), $"The non-tensor local '{d.Symbol.Name}'", "non-tensor locals of a tensor method are initialized once and never reassigned (the reverse sweep reads them again)");
            return;
        }
        if (!CheckPassiveText(init)) return;
        _passiveLocals.Add(d.Symbol);
        string name = PassiveName(d.Symbol);
        _current.Add(new TensorPassive($"{TypeClassifier.Text(d.Symbol.Type)} {name} = {Verbatim(init)};"));
    }

    private bool WritesTo(ISymbol local)
    {
        IOperation? root = _model.GetOperation(((MethodDeclarationSyntax)_method.DeclaringSyntaxReferences[0].GetSyntax(_ct)), _ct);
        if (root is null) return false;
        foreach (IOperation o in root.Descendants())
        {
            IOperation? target = o switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation inc => inc.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local)) return true;
            if (o is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg && arg.Value is ILocalReferenceOperation r &&
                SymbolEqualityComparer.Default.Equals(r.Local, local)) return true;
        }
        return false;
    }

    /// <summary>Non-tensor text (conditions, bounds, passive arguments) is emitted as written: it may not read tensor locals or loop-scoped locals.</summary>
    private bool CheckPassiveText(IOperation op)
    {
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            if (o is ILocalReferenceOperation l && IsTensor(l.Local.Type))
            {
                Report(o.Syntax.GetLocation(), $"The tensor local '{l.Local.Name}' in a non-tensor expression", "read shapes from parameters, or compute the value before the first tensor statement");
                return false;
            }
        }
        foreach (IOperation o in op.DescendantsAndSelf())
        {
            if (o is IInvocationOperation or IObjectCreationOperation && o.Type is { } t && IsTensor(t))
            {
                Report(o.Syntax.GetLocation(), $"The tensor expression '{o.Syntax}' in a non-tensor expression", "a non-tensor expression (condition, bound, passive argument) of a tensor method may not compute tensors");
                return false;
            }
        }
        return true;
    }

    private void For(IForLoopOperation loop)
    {
        // for (int i = start; i < bound; i += step) with i not written in the body.
        ILocalSymbol? index = null;
        string? start = null;
        if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation g &&
            g.Declarations.SelectMany(d => d.Declarators).ToList() is { Count: 1 } ds &&
            ds[0].Symbol.Type.SpecialType == SpecialType.System_Int32 && (ds[0].GetVariableInitializer()?.Value ?? ds[0].Initializer?.Value) is { } init)
        {
            index = ds[0].Symbol;
            start = Verbatim(init);
            if (!CheckPassiveText(init)) return;
        }
        string? compare = null, bound = null;
        if (index is not null && loop.Condition is IBinaryOperation cmp && Unwrap(cmp.LeftOperand) is ILocalReferenceOperation left &&
            SymbolEqualityComparer.Default.Equals(left.Local, index))
        {
            compare = cmp.OperatorKind switch
            {
                BinaryOperatorKind.LessThan => "<",
                BinaryOperatorKind.LessThanOrEqual => "<=",
                BinaryOperatorKind.GreaterThan => ">",
                BinaryOperatorKind.GreaterThanOrEqual => ">=",
                BinaryOperatorKind.NotEquals => "!=",
                _ => null,
            };
            bound = Verbatim(cmp.RightOperand);
            if (!CheckPassiveText(cmp.RightOperand)) return;
        }
        int? step = index is null || loop.AtLoopBottom.Length != 1 ? null : Step(loop.AtLoopBottom[0], index);
        if (index is null || compare is null || bound is null || step is null || step == 0 || WritesInBody(loop.Body, index))
        {
            Report(loop.Syntax.GetLocation(), "This for loop", "loops over tensors are counted: for (int i = start; i < bound; i++) (or <=, >, >=, !=; i--, i += c, i -= c), with i not written in the body");
            return;
        }
        string indexName = PassiveName(index);
        _passiveLocals.Add(index);
        var outer = _current;
        HashSet<string> before = new(_assigned);
        _current = new List<TensorNode>();
        _loopDepth++;
        // Inside a loop every write may overwrite the previous iteration's value.
        Statement(loop.Body);
        _loopDepth--;
        var body = _current;
        _current = outer;
        _assigned.UnionWith(before);
        _current.Add(new TensorFor(_ids++, indexName, start!, compare, bound, step.Value, _loopDepth > 0, body.ToEquatable()));
    }

    /// <summary><c>foreach (var x in xs)</c> over a Tensor[] parameter or member: a counted loop whose variable reads <c>xs[i]</c> (data).</summary>
    private void ForEach(IForEachLoopOperation loop)
    {
        IOperation collection = Unwrap(loop.Collection);
        ILocalSymbol? variable = loop.Locals.Length == 1 ? loop.Locals[0] : null;
        if (variable is null || !IsTensor(variable.Type) || collection.Type is not IArrayTypeSymbol { Rank: 1 } array || !IsTensor(array.ElementType) ||
            collection is not (IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation) ||
            collection is IParameterReferenceOperation p && _locals.ContainsKey(p.Parameter))
        {
            Report(loop.Syntax.GetLocation(), "This foreach loop", "foreach over tensors walks a Tensor[] parameter or member: foreach (var x in xs); or write a counted for loop");
            return;
        }
        string index = Fresh("index");
        string text = Verbatim(collection);
        _dataLocals[variable] = collection is IParameterReferenceOperation { Parameter: var sequence } && IsDifferentiableInput(sequence)
            ? new TensorArg("x", $"{sequence.Name}[{index}]", TensorArgKind.Element)
            : ParameterArray(collection) is { } weights
                ? new TensorArg("x", $"{weights}[{index}]", TensorArgKind.ParameterElement)
                : new TensorArg("x", $"{text}[{index}]", TensorArgKind.Data);
        var outer = _current;
        HashSet<string> before = new(_assigned);
        _current = new List<TensorNode>();
        _loopDepth++;
        Statement(loop.Body);
        _loopDepth--;
        var body = _current;
        _current = outer;
        _assigned.UnionWith(before);
        _current.Add(new TensorFor(_ids++, index, "0", "<", text + ".Length", 1, _loopDepth > 0, body.ToEquatable()));
    }

    private static int? Step(IOperation bottom, ILocalSymbol index)
    {
        IOperation op = bottom is IExpressionStatementOperation es ? es.Operation : bottom;
        switch (op)
        {
            case IIncrementOrDecrementOperation inc when Unwrap(inc.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index):
                return inc.Kind == OperationKind.Increment ? 1 : -1;
            case ICompoundAssignmentOperation ca when Unwrap(ca.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index) &&
                                                      ca.Value.ConstantValue is { HasValue: true, Value: int c }:
                return ca.OperatorKind switch { BinaryOperatorKind.Add => c, BinaryOperatorKind.Subtract => -c, _ => null };
            default:
                return null;
        }
    }

    private static bool WritesInBody(IOperation body, ILocalSymbol index) =>
        body.DescendantsAndSelf().Any(o => o switch
        {
            IAssignmentOperation a => Unwrap(a.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index),
            IIncrementOrDecrementOperation i => Unwrap(i.Target) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index),
            _ => false,
        });

    private void If(IConditionalOperation conditional)
    {
        if (!CheckPassiveText(conditional.Condition)) return;
        if (conditional.Condition.DescendantsAndSelf().Any(o => o.Type is { } t && IsTensor(t)))
        {
            Report(conditional.Condition.Syntax.GetLocation(), $"The tensor condition '{conditional.Condition.Syntax}'", "branch on non-tensor values (a bool field, an int); a branch on tensor values is not differentiable");
            return;
        }
        var outer = _current;
        HashSet<string> before = new(_assigned);
        _branchDepth++;
        _current = new List<TensorNode>();
        Statement(conditional.WhenTrue);
        var then = _current;
        HashSet<string> afterThen = _assigned;
        _assigned = new HashSet<string>(before);
        _current = new List<TensorNode>();
        if (conditional.WhenFalse is not null) Statement(conditional.WhenFalse);
        var otherwise = _current;
        _branchDepth--;
        _assigned.UnionWith(afterThen);
        _current = outer;
        _current.Add(new TensorIf(_ids++, Verbatim(conditional.Condition), _loopDepth > 0, then.ToEquatable(), otherwise.ToEquatable()));
    }

    private string Declare(ILocalSymbol local)
    {
        if (!_locals.TryGetValue(local, out string? name))
        {
            // A user local keeps its name in generated code unless another scope already used it.
            name = _used.Add(local.Name) ? local.Name : Fresh(local.Name);
            _locals[local] = name;
            _variables.Add(name);
        }
        return name;
    }

    private void Bind(ILocalSymbol local, IOperation value) => Expression(value, Declare(local));

    private static IOperation Unwrap(IOperation op) => op is IConversionOperation { IsImplicit: true } c ? c.Operand : op;

    private bool IsCall(IOperation op) => Unwrap(op) is IInvocationOperation call && (IsOps(call) || IsDifferentiableCall(call));

    private static bool IsOps(IInvocationOperation call) => call.TargetMethod.ContainingType?.ToDisplayString() == OpsType;

    private static bool IsDifferentiableCall(IInvocationOperation call) =>
        IsTensor(call.TargetMethod.ReturnType) && TypeClassifier.HasAttribute(call.TargetMethod.OriginalDefinition, DifferentiableAttribute);

    /// <summary>Lowers a tensor expression into <paramref name="target"/>.</summary>
    private string Expression(IOperation value, string target)
    {
        value = Unwrap(value);
        if (value is IInvocationOperation call && IsOps(call)) return OpsCall(call, target);
        if (value is IInvocationOperation method && IsDifferentiableCall(method)) return MethodCall(method, target);
        if (value is IInvocationOperation constant && constant.TargetMethod.IsStatic && IsTensor(constant.TargetMethod.ContainingType) &&
            constant.Arguments.All(a => !IsTensor(a.Value.Type) && CheckPassiveText(a.Value)))
        {
            // Tensor.Zeros(…), Tensor.Full(…): a constant (no derivative), e.g. an accumulator's start.
            Emit(target, TensorOpTable.ConstantOp, new[] { new TensorArg("value", Verbatim(value), TensorArgKind.Passive) });
            return target;
        }
        if (value is IInvocationOperation other)
        {
            Report(value.Syntax.GetLocation(), $"The call '{other.TargetMethod.ContainingType?.Name}.{other.TargetMethod.Name}'",
                "call Ops.X(...) or a [Differentiable] method returning Tensor");
            return "__invalid";
        }
        TensorArg arg = Argument("x", value);
        if (arg.Kind is TensorArgKind.Null or TensorArgKind.Passive)
        {
            Report(value.Syntax.GetLocation(), $"The tensor expression '{value.Syntax}'", "use Ops.X(...) calls, tensor locals, parameters and [Parameter] members");
            return "__invalid";
        }
        // h = other: a new handle on the same storage, whose adjoint flows back unchanged.
        Emit(target, TensorOpTable.AliasOp, new[] { arg });
        return target;
    }

    private string OpsCall(IInvocationOperation call, string target)
    {
        string opName = call.TargetMethod.Name;
        if (!TensorOpTable.Rows.TryGetValue(opName, out TensorOp? row) || row.Internal)
        {
            Report(call.Syntax.GetLocation(), $"Ops.{opName}", $"it has no derivative rule the generator knows; supported: {string.Join(", ", TensorOpTable.Rows.Values.Where(r => !r.Internal).Select(r => r.Name).OrderBy(k => k, System.StringComparer.Ordinal))}");
            return "__invalid";
        }
        var args = new List<TensorArg>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue; // omitted optional argument
            if (arg.ArgumentKind == ArgumentKind.ParamArray && arg.Value is IArrayCreationOperation expanded && arg.Parameter!.Type is IArrayTypeSymbol array)
            {
                // Ops.Reshape(x, 5, 2): the expanded params become one array argument (the rules take it by position).
                var elements = expanded.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty;
                foreach (IOperation e in elements) CheckPassiveText(e);
                string type = array.ElementType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                args.Add(new TensorArg(arg.Parameter.Name, $"new {type}[] {{ {string.Join(", ", elements.Select(Verbatim))} }}", TensorArgKind.Passive));
                continue;
            }
            args.Add(IsTensor(arg.Parameter!.Type) ? Argument(arg.Parameter.Name, arg.Value) : PassiveArgument(arg.Parameter.Name, arg.Value));
        }
        Emit(target, opName, args);
        return target;
    }

    private string MethodCall(IInvocationOperation call, string target)
    {
        IMethodSymbol callee = call.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(call.Syntax.GetLocation(), $"The recursive call of '{callee.Name}'", "write the repetition as a counted for loop");
            return "__invalid";
        }
        if (callee.IsGenericMethod || callee.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}'", "a called tensor method takes its arguments by value and is not generic");
            return "__invalid";
        }
        string receiver;
        bool hasGradients = false;
        if (callee.IsStatic)
        {
            receiver = TypeClassifier.Text(callee.ContainingType);
        }
        else if (call.Instance is IInstanceReferenceOperation && !_method.IsStatic && SymbolEqualityComparer.Default.Equals(callee.ContainingType, _method.ContainingType))
        {
            receiver = "this";
            hasGradients = IsModel(callee.ContainingType);
        }
        else
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}' on another object", "call [Differentiable] tensor methods of this model, or static ones");
            return "__invalid";
        }
        if (!hasGradients && !callee.Parameters.Any(IsDifferentiableInput))
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}'", "it has no derivative: it has neither tensor inputs nor [Parameter] members");
            return "__invalid";
        }
        var args = new List<TensorArg>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue;
            if (IsTensorArray(arg.Parameter!.Type) && Unwrap(arg.Value) is IParameterReferenceOperation { Parameter: var sequence } && IsDifferentiableInput(sequence))
            {
                // A differentiable Tensor[] input passed on whole: the callee's array adjoint adds into ours.
                args.Add(new TensorArg(arg.Parameter.Name, sequence.Name, TensorArgKind.Input));
                continue;
            }
            if (IsDifferentiableInput(arg.Parameter) && IsTensorArray(arg.Parameter.Type) && ParameterArray(arg.Value) is { } weights)
            {
                // A [Parameter] Tensor[] passed on whole: the callee's array adjoint adds into into.W element by element.
                args.Add(new TensorArg(arg.Parameter.Name, weights, TensorArgKind.ParameterArray));
                continue;
            }
            args.Add(IsTensor(arg.Parameter.Type) ? Argument(arg.Parameter.Name, arg.Value) : PassiveArgument(arg.Parameter.Name, arg.Value));
        }
        var differentiable = callee.Parameters.Where(IsDifferentiableInput).Select(p => p.Name).ToEquatable();
        var sequences = callee.Parameters.Where(p => IsDifferentiableInput(p) && IsTensorArray(p.Type)).Select(p => p.Name).ToEquatable();
        Emit(target, callee.Name, args, new TensorCall(receiver, hasGradients, differentiable, sequences));
        return target;
    }

    private TensorArg PassiveArgument(string param, IOperation value)
    {
        CheckPassiveText(value);
        return new TensorArg(param, Verbatim(value), TensorArgKind.Passive);
    }

    /// <summary>
    /// User text the generated code repeats (conditions, bounds, passive arguments), with members qualified
    /// (<c>this.seed</c>, <c>global::Ns.C.K</c>) so that no generated parameter or local (seed, policy, tape, into, …)
    /// can capture them, and types fully qualified.
    /// </summary>
    private string Verbatim(IOperation op) =>
        QualifiedText.Of(op.Syntax, _model, s => _locals.TryGetValue(s, out string? name) || _passiveNames.TryGetValue(s, out name) ? name : null, _ct);

    /// <summary>The generated name of a non-tensor local or loop index: its own unless a generated name (seed, tape, …) took it.</summary>
    /// <summary>Parameters of the generated tensor methods (public API, named in calls: into:, seed:, policy:).</summary>
    private static readonly IReadOnlyList<string> GeneratedParameters = new[] { "into", "seed", "policy", "updateStatistics", "direction" };

    private string PassiveName(ISymbol local)
    {
        if (_passiveNames.TryGetValue(local, out string? name)) return name;
        name = _used.Add(local.Name) ? local.Name : Fresh(local.Name);
        _passiveNames[local] = name;
        return name;
    }

    private readonly Dictionary<ISymbol, string> _passiveNames = new(SymbolEqualityComparer.Default);

    /// <summary>A tensor argument: a variable, input, member, data expression, or a nested call (lowered to a temporary).</summary>
    private TensorArg Argument(string param, IOperation value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return new TensorArg(param, "null", TensorArgKind.Null);
            case IDefaultValueOperation:
                return new TensorArg(param, "null", TensorArgKind.Null);
            case IParameterReferenceOperation p when _locals.TryGetValue(p.Parameter, out string? variable):
                return new TensorArg(param, variable, TensorArgKind.Local);
            case IParameterReferenceOperation p:
                return new TensorArg(param, p.Parameter.Name, TensorArgKind.Input);
            case ILocalReferenceOperation l when _locals.TryGetValue(l.Local, out string? name):
                return new TensorArg(param, name, TensorArgKind.Local);
            case ILocalReferenceOperation l when _dataLocals.TryGetValue(l.Local, out TensorArg? element):
                return element with { Param = param };
            case IArrayElementReferenceOperation { Indices.Length: 1 } e when Unwrap(e.ArrayReference) is IParameterReferenceOperation { Parameter: var sequence } &&
                                                                             IsDifferentiableInput(sequence) && CheckPassiveText(e.Indices[0]):
                // xs[t] of a differentiable Tensor[] input: its adjoint is dxs[t].
                return new TensorArg(param, $"{sequence.Name}[{Verbatim(e.Indices[0])}]", TensorArgKind.Element);
            case ILocalReferenceOperation l:
                Report(value.Syntax.GetLocation(), $"The tensor local '{l.Local.Name}'", "declare tensor locals from Ops calls before use");
                return new TensorArg(param, "__invalid", TensorArgKind.Data);
            case IFieldReferenceOperation or IPropertyReferenceOperation when value is IMemberReferenceOperation m &&
                                                                       (m.Instance is null or IInstanceReferenceOperation):
                bool isParameter = !_method.IsStatic && m.Instance is IInstanceReferenceOperation &&
                                   m.Member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute);
                return isParameter
                    ? new TensorArg(param, m.Member.Name, TensorArgKind.Parameter)
                    : new TensorArg(param, Verbatim(value), TensorArgKind.Data);
            case IArrayElementReferenceOperation { Indices.Length: 1 } e when ParameterArray(e.ArrayReference) is { } weights && CheckPassiveText(e.Indices[0]):
                // W[l] of a [Parameter] Tensor[] member: its gradient is into.W[l].
                return new TensorArg(param, $"{weights}[{Verbatim(e.Indices[0])}]", TensorArgKind.ParameterElement);
            case IArrayElementReferenceOperation e when Unwrap(e.ArrayReference) is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation &&
                                                         e.Indices.All(CheckPassiveText):
                // xs[t]: an element of a Tensor[] input or field, read as data.
                return new TensorArg(param, Verbatim(value), TensorArgKind.Data);
            case IInvocationOperation when IsCall(value):
                return new TensorArg(param, Expression(value, Temp(value)), TensorArgKind.Local);
            default:
                Report(value.Syntax.GetLocation(), $"The tensor expression '{value.Syntax}'", "use Ops.X(...) calls, tensor locals, tensor parameters, [Parameter] members and elements of Tensor[] inputs");
                return new TensorArg(param, "__invalid", TensorArgKind.Data);
        }
    }

    private string Temp(IOperation call)
    {
        string hint = call is IInvocationOperation i ? char.ToLowerInvariant(i.TargetMethod.Name[0]) + i.TargetMethod.Name.Substring(1) : "t";
        string name = Fresh(hint);
        _variables.Add(name);
        return name;
    }

    private void Emit(string target, string op, IReadOnlyList<TensorArg> args, TensorCall? call = null)
    {
        if (!_variables.Contains(target)) _variables.Add(target);
        TensorSave save;
        string slot = "";
        if (_loopDepth > 0) save = TensorSave.Tape;
        else if (_assigned.Contains(target))
        {
            save = TensorSave.Slot;
            slot = Fresh(target + "_saved");
        }
        else save = TensorSave.None;
        _assigned.Add(target);
        _current.Add(new TensorStmt(target, op, args.ToEquatable(), save, slot, call));
    }

    private string Fresh(string hint)
    {
        string name;
        do { name = $"{hint}_{_temp++}"; } while (_used.Contains(name));
        _used.Add(name);
        return name;
    }

    /// <summary>[Parameter] marks a Tensor or a Tensor[] member: <c>this.W</c> of an instance method, or null.</summary>
    private static bool IsParameterMember(ISymbol member) =>
        member is IFieldSymbol or IPropertySymbol && member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute);

    private static ITypeSymbol? MemberType(ISymbol member) => member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };

    /// <summary>The name of the [Parameter] Tensor[] member <paramref name="op"/> reads on <c>this</c>, or null.</summary>
    private string? ParameterArray(IOperation op) =>
        !_method.IsStatic && Unwrap(op) is IMemberReferenceOperation { Instance: IInstanceReferenceOperation } m &&
        IsParameterMember(m.Member) && IsTensorArray(MemberType(m.Member))
            ? m.Member.Name
            : null;

    /// <summary>
    /// Only Tensor and Tensor[] members are a model's parameters (the Parameters/Gradients set lists them). A [Parameter]
    /// member of another type (<c>Tensor[][] W</c>, a <c>double</c>) would be read as data and get no gradient without a
    /// word, so each one this method reads is refused where it is first read, with the rewrite. A Tensor[] member is
    /// trained element by element, so its array stays the one the gradients were sized for: it is read by element
    /// (<c>W[l]</c>), walked (<c>foreach</c>), measured (<c>W.Length</c>) or passed whole to a [Differentiable]
    /// method's Tensor[] parameter; any other use (reassigned, an element written, aliased, read on another object) is
    /// refused where it happens.
    /// </summary>
    private void RefuseUntrainedParameters(IOperation body)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IMemberReferenceOperation m in body.DescendantsAndSelf().OfType<IMemberReferenceOperation>())
        {
            ITypeSymbol? type = MemberType(m.Member);
            if (type is null || IsTensor(type) || !IsParameterMember(m.Member)) continue;
            if (!IsTensorArray(type))
            {
                _parameterRefusals.Add(m.Syntax.Span);
                if (seen.Add(m.Member))
                {
                    Report(m.Syntax.GetLocation(), $"The [Parameter] member '{m.Member.Name}' of type '{type.ToDisplayString()}'",
                        "only Tensor and Tensor[] members are trained: declare a [Parameter] Tensor or Tensor[] per weight (for nested groups, one Tensor[] per kind: Tensor[] convWeights, Tensor[] bnScales), or stack the weights in one [Parameter] tensor and slice it (Ops.Narrow)");
                }
                continue;
            }
            if (UseOfParameterArray(m) is { } what)
            {
                _parameterRefusals.Add(m.Syntax.Span);
                Report(m.Syntax.GetLocation(), string.Format(System.Globalization.CultureInfo.InvariantCulture, what, $"the [Parameter] array '{m.Member.Name}'"),
                    $"a [Differentiable] method reads a [Parameter] Tensor[] by element ({m.Member.Name}[l]), walks it (foreach (var w in {m.Member.Name})), reads {m.Member.Name}.Length or passes it whole to a [Differentiable] method's Tensor[] parameter; set its elements outside (in the constructor or after an optimizer step), and copy what you need into a local Tensor (var w = {m.Member.Name}[l];)");
            }
        }
    }

    /// <summary>Why this use of a [Parameter] Tensor[] is refused ("Reassigning {0}", …), or null for a supported one.</summary>
    private string? UseOfParameterArray(IMemberReferenceOperation m)
    {
        if (_method.IsStatic || m.Instance is not IInstanceReferenceOperation) return "Reading {0} of another object";
        IOperation? parent = m.Parent;
        while (parent is IConversionOperation { IsImplicit: true }) parent = parent.Parent;
        switch (parent)
        {
            case IAssignmentOperation a when Unwrap(a.Target) == m || a.Target == m:
                return "Reassigning {0}";
            case IArrayElementReferenceOperation e:
                IOperation? use = e.Parent;
                return use switch
                {
                    IAssignmentOperation a when a.Target == e => "Writing an element of {0}",
                    IIncrementOrDecrementOperation => "Writing an element of {0}",
                    IArgumentOperation { Parameter.RefKind: not RefKind.None } => "Passing an element of {0} by reference",
                    _ => null,
                };
            case IPropertyReferenceOperation { Property.Name: "Length" }:
                return null;
            case IForEachLoopOperation:
                return null;
            case IArgumentOperation { Parent: IInvocationOperation call } arg when IsDifferentiableCall(call) && IsTensorArray(arg.Parameter?.Type) &&
                                                                                arg.Parameter!.RefKind == RefKind.None:
                return null;
            default:
                return "Using {0} as a whole (aliased, passed on or compared)";
        }
    }

    /// <summary>Where a [Parameter] member's use was refused: a general refusal of the statement or expression around it would say less, and is left out.</summary>
    private readonly List<Microsoft.CodeAnalysis.Text.TextSpan> _parameterRefusals = new();

    private void Report(Location location, string what, string hint)
    {
        if (_parameterRefusals.Any(s => location.SourceSpan.Contains(s) && location.SourceSpan != s)) return;
        _diagnostics.Add(new LoweringDiagnostic(DiagnosticDescriptors.Unsupported, location, new object[] { what, hint }));
    }
}
