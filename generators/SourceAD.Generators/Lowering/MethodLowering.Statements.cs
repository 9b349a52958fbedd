using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

internal sealed partial class MethodLowering
{
    private int _loopDepth;

    private void LowerStatement(IOperation op, List<Stmt> output)
    {
        _ct.ThrowIfCancellationRequested();
        using var sink = Sink(output);
        // A statement reading or writing through a span that views different arrays over time, once per array (MethodLowering.ReassignedViews.cs).
        if (op is IExpressionStatementOperation or IVariableDeclarationGroupOperation or IReturnOperation && LowerPerViewBase(op, output)) return;
        switch (op)
        {
            case IOperation when _listParams.Count > 0 && RefuseListStatement(op):
                break;
            case IOperation when LowerConstructStatement(op, output):
                break;
            case IBlockOperation block:
                foreach (IOperation inner in block.Operations) LowerStatement(inner, output);
                break;
            case IEmptyOperation:
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation decl in group.Declarations)
                {
                    foreach (IVariableDeclaratorOperation d in decl.Declarators) LowerDeclarator(d, output);
                }
                break;
            case IExpressionStatementOperation es:
                LowerEffect(es.Operation, output);
                break;
            case IReturnOperation { ReturnedValue: { } returned } when _inlining.Count > 0 && InlinedArrayOf(returned, output, "Returning") is string array:
                // An inlined helper returning another helper's array (return Scaled(e, s);) returns that array.
                output.Add(new Jump(JumpKind.Return, new Ref(TypeClassifier.Text(returned.Type!), array)));
                break;
            case IReturnOperation ret:
                output.Add(new Jump(JumpKind.Return, ret.ReturnedValue is null ? null : HoistCalls(LowerExpr(ret.ReturnedValue), output)));
                break;
            case IConditionalOperation cond:
            {
                Expr c = LowerCondition(cond.Condition);
                var then = new List<Stmt>();
                LowerStatement(cond.WhenTrue, then);
                var els = new List<Stmt>();
                if (cond.WhenFalse is not null) LowerStatement(cond.WhenFalse, els);
                output.Add(new If(c, then.ToEquatable(), els.ToEquatable()));
                break;
            }
            case IForLoopOperation loop:
                _loopDepth++;
                LowerFor(loop, output);
                _loopDepth--;
                break;
            case IWhileLoopOperation loop:
            {
                if (loop.ConditionIsUntil || loop.Condition is null)
                {
                    Unsupported(op, "This loop form", "use while (condition) { … } or do { … } while (condition)");
                    break;
                }
                var (c, before, each) = LowerLoopCondition(loop.Condition, atBottom: !loop.ConditionIsTop);
                var body = new List<Stmt>();
                _loopDepth++;
                LowerStatement(loop.Body, body);
                _loopDepth--;
                output.AddRange(before);
                output.Add(new While(c, body.ToEquatable(), each.ToEquatable(), !loop.ConditionIsTop));
                break;
            }
            case IForEachLoopOperation loop:
                _loopDepth++;
                LowerForEach(loop, output);
                _loopDepth--;
                break;
            case IBranchOperation br when br.BranchKind == BranchKind.Break:
                output.Add(new Jump(JumpKind.Break, null));
                break;
            case IBranchOperation br when br.BranchKind == BranchKind.Continue:
                output.Add(new Jump(JumpKind.Continue, null));
                break;
            case IThrowOperation thrown:
                output.Add(ThrowStatement(thrown));
                break;
            case ILabeledOperation or IBranchOperation:
                Unsupported(op, "goto and labels", "use structured loops with break/continue");
                break;
            case ITryOperation or IUsingOperation or ILockOperation:
                Unsupported(op, "try/using/lock", "move it out of the [Differentiable] method");
                break;
            case ILocalFunctionOperation:
                // Inlined where it is called (MethodLowering.LocalFunctions.cs).
                break;
            default:
                Unsupported(op, $"The statement '{Short(op)}'", "see generators/README.md for the supported subset");
                break;
        }
    }

    private void LowerDeclarator(IVariableDeclaratorOperation d, List<Stmt> output)
    {
        using var sink = Sink(output);
        IOperation? init = d.GetVariableInitializer()?.Value ?? d.Initializer?.Value;
        if (TryLowerRefLocal(d, init, output)) return;
        if (TryLowerSpanStruct(d, init, output)) return;
        if (LowerConstructDeclarator(d, init, output)) return;
        if (TryLowerNullableDeclarator(d, init, output)) return;
        if (RefuseUnsupportedLocalType(d)) return;
        string name = DeclareLocal(d.Symbol);
        if (init is null) return;
        if (_arrays.Contains(name))
        {
            // Allocations (new T[n]) are lowered in MethodLowering.NestedArrays.cs, initializers in MethodLowering.Arrays.cs.
            if (TryLowerReassignedView(d, name, init, output)) return;
            if (TryLowerSliceAlias(d, name, init, output)) return;
            if (TryLowerArrayReturningCall(d, name, init, output)) return;
            if (TryLowerNestedGradientArray(name, init, output)) return;
            Unsupported(init, "This array initialization", ArrayInitializationRewrite(init));
            return;
        }
        output.Add(new Assign(new Ref(TypeClassifier.Text(d.Symbol.Type), name), HoistCalls(LowerExpr(init), output)));
    }

    /// <summary>
    /// The rewrite for an array initializer the lowering does not take: for a sorted query (<c>x.OrderBy(v =&gt; -v)</c>,
    /// <c>OrderByDescending</c>) the sort of a copy, which is supported; otherwise a new array.
    /// </summary>
    private static string ArrayInitializationRewrite(IOperation init)
    {
        IOperation op = Unwrap(init);
        while (op is IInvocationOperation { TargetMethod.Name: "ToArray" or "ThenBy" or "ThenByDescending", Arguments.Length: >= 1 } call &&
               call.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable") op = Unwrap(call.Arguments[0].Value);
        if (op is IInvocationOperation { TargetMethod.Name: "OrderBy" or "OrderByDescending" } order && order.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable")
            return "sort a copy by value: var s = (double[])x.Clone(); Array.Sort(s); (then Array.Reverse(s) for descending order), or x.OrderBy(v => v).ToArray(); to sort by a key, sort the keys with Array.Sort on a copy and find the order in a loop";
        return "allocate local arrays with new T[n] (aliasing another array or span is not supported)";
    }

    /// <summary>Lowers an expression statement: assignments, compound assignments, ++/--, and void calls.</summary>
    private void LowerEffect(IOperation op, List<Stmt> output)
    {
        using var sink = Sink(output);
        switch (op)
        {
            case IOperation when LowerConstructEffect(op, output):
                break;
            case IOperation when _refIndexes.Count > 0 && LowerRefRepoint(op, output):
                break;
            case ISimpleAssignmentOperation assign when TryAssignView(assign, output):
                break;
            case ISimpleAssignmentOperation assign:
            {
                Expr? target = LowerTarget(assign.Target);
                if (target is null) return;
                if (_arrays.Contains((target as Ref)?.Name ?? ""))
                {
                    Unsupported(op, "Reassigning an array variable", "allocate it once with new T[n] and write its elements");
                    return;
                }
                output.Add(new Assign(target, HoistCalls(LowerExpr(assign.Value), output)));
                break;
            }
            case ICompoundAssignmentOperation compound:
            {
                Expr? target = LowerTarget(compound.Target);
                if (target is null) return;
                BinaryOp? bop = OperatorKinds.Binary(compound.OperatorKind);
                if (bop is null)
                {
                    Unsupported(op, $"The compound operator '{compound.OperatorKind}'", "use +=, -=, *= or /=");
                    return;
                }
                Expr value = HoistCalls(LowerExpr(compound.Value), output);
                string opType = compound.OperatorMethod?.ReturnType is ITypeSymbol rt && !(rt is ITypeParameterSymbol) ? TypeClassifier.Text(rt) : target.Type.Name;
                Expr left = target.Type == opType ? target : new Conv(opType, target);
                Expr right = value.Type == opType ? value : new Conv(opType, value);
                Expr combined = new Bin(opType, bop.Value, left, right);
                output.Add(new Assign(target, combined.Type == target.Type ? combined : new Conv(target.Type, combined)));
                break;
            }
            case IIncrementOrDecrementOperation inc:
            {
                Expr? target = LowerTarget(inc.Target);
                if (target is null) return;
                BinaryOp bop = inc.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                output.Add(new Assign(target, new Bin(target.Type, bop, target, new Lit(target.Type, 1))));
                break;
            }
            case IInvocationOperation call when call.Type?.SpecialType == SpecialType.System_Void:
                LowerCallStatement(call, output);
                break;
            case IInvocationOperation call when IsNestedPullback(call):
                // FPullback(…) for its adjoint increments alone (MethodLowering.NestedArrayGradients.cs).
                NestedPullback(call, TypeClassifier.Text(call.Type!));
                break;
            default:
                Unsupported(op, $"The expression statement '{Short(op)}'", "only assignments, compound assignments and ++/-- are statements here");
                break;
        }
    }

    private Expr? LowerTarget(IOperation target)
    {
        if (_listParams.Count > 0 && RefuseListWrite(target)) return null;
        switch (target)
        {
            case ILocalReferenceOperation local when RefLocal(local.Local) is Expr at:
                return at is Elem aliased ? WritableElement(aliased, target) : at;
            case ILocalReferenceOperation local:
                return new Ref(TypeClassifier.Text(local.Type!), DeclareLocal(local.Local));
            case IParameterReferenceOperation p:
                return new Ref(TypeClassifier.Text(p.Type!), Name(p.Parameter, p.Parameter.Name));
            case IFieldReferenceOperation field when TupleElement(field) is Expr element:
                if (element is Elem tupleItem && _readOnlyArrays.Contains(tupleItem.Array))
                {
                    // p[i].X = … of an input array of tuples (MethodLowering.TupleArrays.cs).
                    Unsupported(target, $"Writing to the input array '{Short(field.Instance is IArrayElementReferenceOperation item ? item.ArrayReference : target)}'", "inputs are read-only here: copy into a local array");
                    return null;
                }
                return element;
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when TryAggregateMemberTarget(target, out Expr? leaf):
                return leaf;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }:
            case IImplicitIndexerReferenceOperation when ListLocalOf(((IImplicitIndexerReferenceOperation)target).Instance) is not null:
            {
                Elem? elem = LowerExpr(target) as Elem;
                return elem is null ? Fail() : WritableElement(elem, target);
            }
            default:
                return Fail();
        }

        Expr? Fail()
        {
            Unsupported(target, $"Writing to '{Short(target)}'", "a [Differentiable] method may write only its locals, local arrays and Span<T> outputs");
            return null;
        }
    }

    /// <summary>
    /// Locals of types the IR has no form for, refused once at the declaration with the rewrite, rather than at each use
    /// with a message about <c>null</c> or <c>new List&lt;double&gt;()</c>.
    /// </summary>
    /// <summary>Locals refused at their declaration: their uses are not reported again (RefusedLocalUse).</summary>
    private readonly HashSet<ILocalSymbol> _refusedLocals = new(SymbolEqualityComparer.Default);

    /// <summary>A use of a local refused at its declaration (the local itself, or a member, element or call on it): one diagnostic is enough.</summary>
    private bool RefusedLocalUse(IOperation op)
    {
        IOperation? root = op switch
        {
            IPropertyReferenceOperation p => p.Instance,
            IInvocationOperation c => c.Instance,
            _ => op,
        };
        return root is not null && Unwrap(root) is ILocalReferenceOperation l && _refusedLocals.Contains(l.Local);
    }

    private bool RefuseUnsupportedLocalType(IVariableDeclaratorOperation d)
    {
        ITypeSymbol type = d.Symbol.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            string name = d.Symbol.Name;
            Unsupported(d, $"The nullable local '{name}' ({Display(type)})",
                $"keep a bool flag beside a plain local: bool has{char.ToUpperInvariant(name[0])}{name.Substring(1)} = false; {Display(nullable.TypeArguments[0])} {name} = 0;");
            _refusedLocals.Add(d.Symbol);
            return true;
        }
        if (TypeClassifier.FloatingSequenceElement(type) is not null && TypeClassifier.ElementOf(type, out _, out _) is null && TypeClassifier.NestedElementOf(type, out _) is null)
        {
            Unsupported(d, $"The collection local '{d.Symbol.Name}' ({Display(type)})", "declare it as a List<T> (var items = new List<double>();), or use an array of known length (new double[n])");
            _refusedLocals.Add(d.Symbol);
            return true;
        }
        return false;

        static string Display(ITypeSymbol t) => t.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }

    /// <summary>An array element as the target of a write: refused (null) for field arrays, read as data, and inputs.</summary>
    private Elem? WritableElement(Elem elem, IOperation target)
    {
        if (IsDataArray(elem.Array))
        {
            Unsupported(target, $"Writing to the field array '{Short(target)}'", "field arrays are read as data: copy into a local array to change it");
            return null;
        }
        if (_readOnlyArrays.Contains(elem.Array))
        {
            Unsupported(target, $"Writing to the input array '{elem.Array}'", "inputs are read-only here: copy into a local array, or declare the parameter Span<T> to make it an output");
            return null;
        }
        return elem;
    }

    private void LowerFor(IForLoopOperation loop, List<Stmt> output)
    {
        var body = new List<Stmt>();
        LowerStatement(loop.Body, body);
        var (cond, condBefore, condEach) = loop.Condition is null ? (new Lit("bool", 1), new List<Stmt>(), new List<Stmt>()) : LowerLoopCondition(loop.Condition, atBottom: false);

        // Canonical counted loop: for (int i = start; cond; i += step) with i untouched by the body and no early exit.
        if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation g &&
            g.Declarations.Length == 1 && g.Declarations[0].Declarators.Length == 1 &&
            loop.AtLoopBottom.Length == 1 && StepOf(loop.AtLoopBottom[0]) is (ILocalSymbol stepVar, int step) &&
            g.Declarations[0].Declarators[0] is { } d && SymbolEqualityComparer.Default.Equals(d.Symbol, stepVar) &&
            d.Symbol.Type.SpecialType == SpecialType.System_Int32 &&
            (d.GetVariableInitializer()?.Value ?? d.Initializer?.Value) is IOperation init &&
            !AssignsTo(loop.Body, stepVar) && !ContainsJump(body, includeContinue: false) && condEach.Count == 0 &&
            // An inlined local function may write the counter through a ref parameter or a capture.
            !Ir.Descendants(body).Any(s => s is Assign { Target: Ref r } && r.Name == DeclareLocal(d.Symbol)))
        {
            string v = DeclareLocal(d.Symbol);
            var prefix = new List<Stmt>();
            Expr start = HoistCalls(LowerExpr(init), prefix);
            output.AddRange(prefix);
            output.Add(new For(v, start, cond, step, body.ToEquatable()));
            return;
        }

        foreach (IOperation before in loop.Before) LowerStatement(before, output);
        output.AddRange(condBefore);
        var increment = new List<Stmt>();
        foreach (IOperation bottom in loop.AtLoopBottom) LowerEffect(bottom is IExpressionStatementOperation es ? es.Operation : bottom, increment);
        increment.AddRange(condEach);
        output.Add(new While(cond, body.ToEquatable(), increment.ToEquatable(), false));
    }

    private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output, string? arrayName = null)
    {
        IOperation collection = loop.Collection is IConversionOperation conv ? conv.Operand : loop.Collection;
        // A slice alias (a span local, an inlined helper's slice parameter, a span view's call) is iterated in place.
        SliceAlias? view = arrayName is null ? AliasOf(collection) : null;
        if (view is not null && (IsViewCall(collection) || collection is IImplicitIndexerReferenceOperation))
        {
            // C# evaluates the collection once, before the loop: the body may change what the view's bounds read.
            string start = NewTemp("viewStart", "int"), length = NewTemp("viewLength", "int");
            output.Add(new Assign(new Ref("int", start), view.Start));
            output.Add(new Assign(new Ref("int", length), view.Length));
            view = view with { Start = new Ref("int", start), Length = new Ref("int", length) };
        }
        if (view is not null) arrayName = view.Array;
        string? array = arrayName ?? collection switch
        {
            ILocalReferenceOperation l => DeclareLocal(l.Local),
            IParameterReferenceOperation p => Name(p.Parameter, p.Parameter.Name),
            _ => null,
        };
        if (array is null || !_arrays.Contains(array) || loop.Locals.Length != 1 || loop.LoopControlVariable is not IVariableDeclaratorOperation control)
        {
            Unsupported(loop, "This foreach", "iterate over an array or span parameter or local array with a single loop variable");
            return;
        }
        string elementType = TypeClassifier.Text(control.Symbol.Type);
        string index = NewTemp("i", "int");
        Expr at = view is null ? new Ref("int", index) : E.Add(view.Start, new Ref("int", index));
        var body = new List<Stmt>();
        if (control.Symbol.IsRef)
        {
            // foreach (ref double v in span): v is the element itself (MethodLowering.RefLocals.cs), not a copy.
            if (!RefIterationOverOwnArray(loop, collection, view)) return;
            _refLocals[control.Symbol] = new Elem(view?.ElementType ?? elementType, array, at);
        }
        else if (IsAggregate(control.Symbol.Type))
        {
            // An aggregate is one scalar per leaf: assigning the struct whole would leave the leaves unwritten.
            Unsupported(loop, "This foreach over structs", "iterate over an array parameter, a local array, an array initializer or a static or instance field array of the struct");
            return;
        }
        else
        {
            string element = DeclareLocal(control.Symbol);
            body.Add(new Assign(new Ref(elementType, element), E.To(elementType, new Elem(view?.ElementType ?? elementType, array, at))));
        }
        LowerStatement(loop.Body, body);
        Expr cond = new Bin("bool", BinaryOp.LessThan, new Ref("int", index), view?.Length ?? new Len(array));
        AddIndexLoop(output, index, cond, body);
    }

    /// <summary>
    /// The loop a foreach becomes: <c>for (index = 0; cond; index++)</c>, or, when the body exits early (a counted For
    /// has no early exit), the same as a while loop with the increment as its continue block.
    /// </summary>
    private static void AddIndexLoop(List<Stmt> output, string index, Expr cond, List<Stmt> body)
    {
        if (ContainsJump(body, includeContinue: false))
        {
            output.Add(new Assign(new Ref("int", index), new Lit("int", 0)));
            var inc = new Stmt[] { new Assign(new Ref("int", index), new Bin("int", BinaryOp.Add, new Ref("int", index), new Lit("int", 1))) };
            output.Add(new While(cond, body.ToEquatable(), inc.ToEquatable(), false));
        }
        else
        {
            output.Add(new For(index, new Lit("int", 0), cond, 1, body.ToEquatable()));
        }
    }

    private static (ILocalSymbol, int)? StepOf(IOperation op)
    {
        if (op is IExpressionStatementOperation es) op = es.Operation;
        switch (op)
        {
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation l } inc:
                return (l.Local, inc.Kind == OperationKind.Increment ? 1 : -1);
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation l, Value.ConstantValue: { HasValue: true, Value: int c } } ca
                when ca.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract && c != 0:
                return (l.Local, ca.OperatorKind == BinaryOperatorKind.Add ? c : -c);
            default:
                return null;
        }
    }

    private static bool AssignsTo(IOperation root, ILocalSymbol local) =>
        root.DescendantsAndSelf().Any(o => o switch
        {
            IAssignmentOperation { Target: ILocalReferenceOperation l } => SymbolEqualityComparer.Default.Equals(l.Local, local),
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation l } => SymbolEqualityComparer.Default.Equals(l.Local, local),
            _ => false,
        });

    /// <summary>True when a statement list exits early: a return anywhere, or a break (continue) of this loop.</summary>
    internal static bool ContainsJump(IEnumerable<Stmt> stmts, bool includeContinue) => stmts.Any(s => s switch
    {
        Jump j => j.Kind == JumpKind.Return || j.Kind == JumpKind.Break || includeContinue,
        // A nested loop owns its break and continue; only a return leaves this one.
        For or While => ContainsReturn(Ir.Children(s)),
        _ => ContainsJump(Ir.Children(s), includeContinue),
    });

    internal static bool ContainsReturn(IEnumerable<Stmt> stmts) =>
        Ir.Descendants(stmts).Any(s => s is Jump { Kind: JumpKind.Return });

    private static string Short(IOperation op)
    {
        string text = op.Syntax.ToString();
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }

    /// <summary>
    /// A <c>throw</c> statement or expression, as a statement. The generated file has none of the user's usings, so the
    /// text is re-printed with qualified names.
    /// </summary>
    private ThrowStmt ThrowStatement(IThrowOperation thrown) =>
        new(QualifiedText.Of(thrown.Syntax, _semanticModel, s => _names.TryGetValue(s, out string? n) ? n : null, _ct).Trim().TrimEnd(';') + ";");

    /// <summary>
    /// A throw expression (<c>x switch { &lt; 0 =&gt; throw …, … }</c>, <c>ok ? v : throw …</c>): the throw becomes a
    /// statement of the branch being lowered (the switch arm's or the ?: branch's own statements), and the branch's value
    /// is a 0 that is never read, since the statement before it leaves the method.
    /// </summary>
    private Expr LowerThrowExpression(IThrowOperation thrown, string type)
    {
        _sink.Add(ThrowStatement(thrown));
        return new Lit(type is "object" or "void" ? "double" : type, 0);
    }
}
