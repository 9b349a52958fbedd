using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Local functions (static or capturing), lambdas held in a local, and lambdas passed to a helper's delegate parameter
/// are inlined at each call, so they are differentiated as part of the method. Each inlined call gets fresh names for the callee's parameters and locals;
/// its returns are structured on their own (Structurize) and its result is the returned expression. Scalar
/// arguments are copied into the parameters; array, span and ref arguments are aliased. Recursion is refused.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<ILocalSymbol, IAnonymousFunctionOperation> _lambdas = new(SymbolEqualityComparer.Default);
    private readonly List<IMethodSymbol> _inlining = new();

    /// <summary>
    /// Delegate parameters of helpers being inlined, bound to the lambda the call passed
    /// (<c>Integrate(x =&gt; k * x, 0, 1, n)</c>): calls of the parameter inline that lambda, as calls of a lambda local do.
    /// </summary>
    private readonly Dictionary<IParameterSymbol, IAnonymousFunctionOperation> _lambdaParameters = new(SymbolEqualityComparer.Default);

    private bool IsInlinable(IInvocationOperation call) =>
        call.TargetMethod.MethodKind == MethodKind.LocalFunction || IsInlinedMethod(call) || IsNonPartialHelper(call) || IsByReferenceHelper(call) ||
        call.TargetMethod.Name == "Invoke" && BoundLambda(call.Instance) is not null || TakesLambda(call);

    /// <summary>
    /// A call of a helper declared in source that passes a lambda to a delegate parameter (<c>Integrate(x =&gt; …, a, b,
    /// n)</c>): inlined wherever it stands, since no generated member can take a delegate's derivative. Recursion is
    /// left to <see cref="Inline"/>'s refusal.
    /// </summary>
    private bool TakesLambda(IInvocationOperation call)
    {
        IMethodSymbol m = call.TargetMethod.OriginalDefinition;
        if (m.MethodKind != MethodKind.Ordinary || m.IsGenericMethod || m.IsAsync || m.IsAbstract || m.IsVirtual || m.IsExtern ||
            !m.IsStatic && call.Instance is not (null or IInstanceReferenceOperation) || m.DeclaringSyntaxReferences.Length == 0) return false;
        // Any delegate argument: a lambda or method group is inlined; anything else gets Inline's refusal with the rewrite.
        return call.Arguments.Any(a => a.Parameter?.Type.TypeKind == TypeKind.Delegate);
    }

    /// <summary>The lambda a delegate-typed local or inlined helper's parameter holds; null for any other delegate.</summary>
    private IAnonymousFunctionOperation? BoundLambda(IOperation? instance) => instance switch
    {
        ILocalReferenceOperation l => _lambdas.TryGetValue(l.Local, out IAnonymousFunctionOperation? lambda) ? lambda : null,
        IParameterReferenceOperation p => _lambdaParameters.TryGetValue(p.Parameter, out IAnonymousFunctionOperation? lambda) ? lambda : null,
        IConversionOperation { Conversion.IsIdentity: true } c => BoundLambda(c.Operand),
        _ => null,
    };

    /// <summary>The lambda a delegate value stands for: one written out, or the one a method group is read as (MethodGroups.cs).</summary>
    private IAnonymousFunctionOperation? LambdaOf(IOperation init) => init switch
    {
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda,
        IDelegateCreationOperation { Target: IMethodReferenceOperation } group => MethodGroupLambda(group),
        IConversionOperation conv => LambdaOf(conv.Operand),
        _ => null,
    };

    /// <summary><c>Func&lt;double, double&gt; f = x =&gt; …;</c>: nothing runs here; calls of f inline the lambda.</summary>
    private bool DeclareLambda(IVariableDeclaratorOperation d, IAnonymousFunctionOperation lambda)
    {
        IOperation root = d;
        while (root.Parent is not null) root = root.Parent;
        bool reassigned = root.Descendants().Any(o => o is IAssignmentOperation { Target: ILocalReferenceOperation l } && SymbolEqualityComparer.Default.Equals(l.Local, d.Symbol));
        if (reassigned)
        {
            Unsupported(d, $"Reassigning the lambda '{d.Symbol.Name}'", "use one local per lambda, or a local function");
            return true;
        }
        _lambdas[d.Symbol] = lambda;
        return true;
    }

    private ILocalFunctionOperation? LocalFunctionOf(IMethodSymbol fn)
    {
        foreach (SyntaxReference reference in fn.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_ct) is LocalFunctionStatementSyntax syntax && ModelOf(syntax.SyntaxTree).GetOperation(syntax, _ct) is ILocalFunctionOperation op) return op;
        }
        return null;
    }

    /// <summary>Inlines a call of a local function or lambda local; returns its value (a dummy for void).</summary>
    private Expr Inline(IInvocationOperation call, string type)
    {
        IMethodSymbol fn;
        IBlockOperation? body;
        if (call.TargetMethod.MethodKind == MethodKind.LocalFunction)
        {
            fn = call.TargetMethod.OriginalDefinition;
            ILocalFunctionOperation? declaration = LocalFunctionOf(fn);
            body = declaration?.Body ?? declaration?.IgnoredBody;
        }
        else if (call.TargetMethod.MethodKind == MethodKind.Ordinary)
        {
            fn = call.TargetMethod.OriginalDefinition;
            body = MethodBody(fn);
        }
        else
        {
            IAnonymousFunctionOperation lambda = BoundLambda(call.Instance)!;
            fn = lambda.Symbol;
            body = lambda.Body;
        }
        if (body is null || fn.IsGenericMethod || fn.IsAsync)
        {
            Unsupported(call, $"Calling '{fn.Name}'", "local functions and lambdas that are differentiated must be non-generic, synchronous and have a body");
            return new Lit(type, 0);
        }
        if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, fn)))
        {
            Unsupported(call, fn.MethodKind == MethodKind.LocalFunction ? $"The recursive local function '{fn.Name}'" : $"The recursive method '{fn.Name}' with ref or out parameters",
                fn.MethodKind == MethodKind.LocalFunction ? "make it a [Differentiable] method of the type (a method may call itself)" : "return the results instead of passing them out (a method may then call itself)");
            return new Lit(type, 0);
        }

        // Arguments, left to right, each stored before the next is evaluated; then the body runs. The parameters are
        // bound only once every argument is lowered: an argument may inline another call of the same function
        // (Pair(x, Pair(b, b))), which binds the same parameter symbols for itself.
        var bindings = new List<(IParameterSymbol Parameter, string Name)>();
        var lambdaBindings = new List<(IParameterSymbol Parameter, IAnonymousFunctionOperation Lambda)>();
        var arguments = call.Arguments.ToList();
        for (int index = 0; index < arguments.Count; index++)
        {
            IArgumentOperation arg = arguments[index];
            if (arg.Parameter is null) { Unsupported(call, $"The call '{Short(call)}'", "pass every argument"); return new Lit(type, 0); }
            IParameterSymbol p = fn.Parameters[arg.Parameter.Ordinal];
            bool array = TypeClassifier.ElementOf(p.Type, out _, out _) is not null || TypeClassifier.NestedElementOf(p.Type, out _) is not null;
            bool laterEffects = arguments.Skip(index + 1).Any(a => HasEffects(a.Value));
            if (p.Type.TypeKind == TypeKind.Delegate && p.RefKind == RefKind.None)
            {
                // A lambda (or a lambda local, or this helper's caller's own bound delegate parameter) passed on: nothing
                // runs now; each call of the parameter inside the helper inlines it. Its captures keep the caller's names.
                if ((LambdaOf(arg.Value) ?? BoundLambda(arg.Value)) is not IAnonymousFunctionOperation passed)
                {
                    Unsupported(arg, $"Passing the delegate '{Short(arg.Value)}' to '{fn.Name}'", "pass a lambda written at the call (x => …), or a lambda local");
                    return new Lit(type, 0);
                }
                lambdaBindings.Add((p, passed));
                continue;
            }
            if (p.RefKind == RefKind.None && TypeClassifier.ElementOf(p.Type, out _, out _) is not null && BindSliceParameter(p, arg.Value, laterEffects) is string view)
            {
                bindings.Add((p, view));
                continue;
            }
            if (p.RefKind == RefKind.None && array && TypeClassifier.NestedElementOf(p.Type, out _) is null && RowOf(arg.Value) is var (rows, row))
            {
                bindings.Add((p, BindRowParameter(p, rows, row)));
                continue;
            }
            if (p.RefKind != RefKind.None || array)
            {
                // Arrays (flat, rectangular, jagged), spans and ref/in/out parameters name the caller's variable.
                IInvocationOperation? returning = array ? ArrayReturningCall(arg.Value) : null;
                string? alias = array
                    ? returning is not null
                        ? InlineArrayReturningCall(returning, arg.Value, $"Passing what '{returning.TargetMethod.Name}' returns")?.Name
                        : ArrayName(arg.Value)
                    : arg.Value switch
                    {
                        ILocalReferenceOperation l => DeclareLocal(l.Local),
                        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => DeclareLocal(l.Local), // out double r
                        IParameterReferenceOperation pr => Name(pr.Parameter, pr.Parameter.Name),
                        _ => null,
                    };
                if (alias is null)
                {
                    // An array-returning argument that could not be inlined has been reported where it stands.
                    if (returning is null) Unsupported(arg, $"Passing '{Short(arg.Value)}' by {p.RefKind.ToString().ToLowerInvariant()}", "pass a local variable");
                    return new Lit(type, 0);
                }
                bindings.Add((p, alias));
                if (array) _arrays.Add(alias);
                continue;
            }
            if (IsTuple(p.Type))
            {
                Unsupported(arg, "A tuple argument of a local function", "pass the elements as separate arguments");
                return new Lit(type, 0);
            }
            Expr value = LowerExpr(arg.Value);
            if (!laterEffects && SharedScalarArgument(fn, body!, p, value) is string shared)
            {
                bindings.Add((p, shared));
                continue;
            }
            string name = NewLocal(p.Name, p.Type);
            bindings.Add((p, name));
            _sink.Add(new Assign(new Ref(TypeClassifier.Text(p.Type), name), HoistCalls(value, _sink)));
        }

        // Fresh names for everything the callee declares: each inlined call is its own set of variables.
        foreach (ISymbol declared in _names.Keys.Where(s => IsWithin(s, fn)).ToList()) _names.Remove(declared);
        foreach (ILocalSymbol declared in _tupleLocals.Keys.Where(s => IsWithin(s, fn)).ToList()) _tupleLocals.Remove(declared);
        foreach (var (parameter, bound) in bindings) _names[parameter] = bound;
        foreach (var (parameter, lambda) in lambdaBindings) _lambdaParameters[parameter] = lambda;

        _inlining.Add(fn);
        var inner = new List<Stmt>();
        int loopDepth = _loopDepth;
        foreach (IOperation op in body!.Operations) LowerStatement(op, inner);
        _loopDepth = loopDepth;
        _inlining.RemoveAt(_inlining.Count - 1);

        // A tuple-returning helper's returns have assigned its result locals (MethodLowering.TupleReturns.cs): no value.
        bool returnsValue = !fn.ReturnsVoid && !IsTuple(fn.ReturnType);
        List<Stmt> structured = Structurize.Run(inner, !returnsValue, returnsValue ? TypeClassifier.Text(fn.ReturnType) : "void", this);
        Expr result = new Lit(type, 0);
        if (returnsValue && structured.Count > 0 && structured[structured.Count - 1] is Return r)
        {
            structured.RemoveAt(structured.Count - 1);
            result = E.To(type == "void" ? r.Value.Type : type, r.Value);
        }
        _sink.AddRange(structured);
        return result;
    }

    private static bool IsWithin(ISymbol symbol, IMethodSymbol fn)
    {
        for (ISymbol? s = symbol.ContainingSymbol; s is not null; s = s.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(s, fn)) return true;
        }
        return false;
    }
}
