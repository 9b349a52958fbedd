using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Where the language constructs lowered in their own files (Switch, Tuples, LocalFunctions, Arrays, Effects) join
/// the shared dispatch: each of LowerExpr, LowerStatement, LowerEffect and LowerDeclarator asks here first.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>An expression form handled by a construct file, or null to fall through to LowerExpr's own cases.</summary>
    private Expr? LowerConstruct(IOperation op, string type) => op switch
    {
        IOperation when _refusedLocals.Count > 0 && RefusedLocalUse(op) => new Lit(type, 0),
        IOperation when _listLocals.Count > 0 && LowerListLocalRead(op, type) is Expr listRead => listRead,
        IOperation when _stackQueueLocals.Count > 0 && LowerStackQueueRead(op, type) is Expr taken => taken,
        IInvocationOperation or IPropertyReferenceOperation or ILocalReferenceOperation when LowerRandomUse(op, type) is Expr random => random,
        IOperation when LowerNullableScalar(op, type) is Expr nullable => nullable,
        IOperation when LowerAggregateScalar(op, type) is Expr aggregate => aggregate,
        ISwitchExpressionOperation sw => LowerSwitchExpression(sw, type),
        IThrowOperation thrown => LowerThrowExpression(thrown, type),
        IIsPatternOperation isPattern => LowerIsPattern(isPattern),
        IFieldReferenceOperation field when TupleElement(field) is Expr element => element,
        IInvocationOperation call when IsInlinable(call) => Inline(call, type),
        IInvocationOperation call when IsAutoInlined(call) && TryInlineHelper(call, type) is Expr inlined => inlined,
        IInvocationOperation call when LinqAggregate(call, type) is Expr aggregate => aggregate,
        IInvocationOperation call when LinqSelectorAggregate(call, type) is Expr aggregate => aggregate,
        IInvocationOperation call when LinqFold(call, type) is Expr fold => fold,
        IInvocationOperation call when LinqPredicate(call, type) is Expr test => test,
        IInvocationOperation call when IsEnumerable(call.TargetMethod) && call.Arguments.Any(a => LambdaOf(a.Value) is not null) =>
            Refuse(op, type, $"The LINQ query '{Short(call)}'",
                "write it as a for loop, or as Sum/Average/Max/Min/Aggregate/Count/Any/All over an array, Enumerable.Range or Zip(a, b, (p, q) => …), with Select/Where and expression lambdas"),
        IInvocationOperation call when IsEnumerable(call.TargetMethod) && call.Arguments.FirstOrDefault(a => ListLocalOf(a.Value) is not null) is IArgumentOperation listArg =>
            Refuse(op, type, $"The LINQ call '{Short(call)}' on the List<> local '{ListLocalOf(listArg.Value)!.Name}'", ListLocalRewrite(ListLocalOf(listArg.Value)!)),
        IArrayElementReferenceOperation or IPropertyReferenceOperation or IInvocationOperation or IImplicitIndexerReferenceOperation when LowerNestedArrayExpr(op, type) is Expr nested => nested,
        ILocalReferenceOperation local when _queries.ContainsKey(local.Local) =>
            Refuse(op, type, $"Using the query '{local.Local.Name}' other than as the source of Sum, Average, Max, Min, Aggregate, Count, Any or All",
                "end the query in one of them, or fill an array with a for loop"),
        // A tuple local is one local per element (MethodLowering.Tuples.cs): no variable holds it whole, so a whole read
        // (an argument of a helper that is not inlined) would read nothing.
        ILocalReferenceOperation local when IsTuple(local.Type) && _tupleLocals.ContainsKey(local.Local) =>
            Refuse(op, type, $"Using the tuple local '{local.Local.Name}' whole here",
                "read its elements (t.Item1) or deconstruct it (var (a, b) = t), and pass them to a helper as separate arguments"),
        // A tuple literal where a value is read whole (a helper's argument): tuples exist only element by element here.
        ITupleOperation =>
            Refuse(op, type, $"The tuple '{Short(op)}' as a whole value here", "pass its elements to the helper as separate arguments, or assign it to a tuple local and read its elements"),
        ILocalReferenceOperation local when _lambdas.ContainsKey(local.Local) =>
            Refuse(op, type, $"Using the lambda '{local.Local.Name}' other than by calling it", "call it directly: f(x)"),
        _ when op.Kind is OperationKind.DynamicInvocation or OperationKind.DynamicMemberReference or OperationKind.DynamicIndexerAccess or OperationKind.DynamicObjectCreation ||
               op.Type?.TypeKind == TypeKind.Dynamic =>
            Refuse(op, type, "dynamic", "give the value a static numeric type (double, float or T)"),
        IAddressOfOperation or IOperation { Type.TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer } =>
            Refuse(op, type, "Pointers", "use an array or Span<T> and index it"),
        IAwaitOperation =>
            Refuse(op, type, "await", "await outside the [Differentiable] method and pass the result in"),
        IInvocationOperation call when call.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("System.Reflection", System.StringComparison.Ordinal) == true ||
                                       call.TargetMethod.ContainingType?.ToDisplayString() == "System.Type" =>
            Refuse(op, type, "Reflection", "call the method directly; a [Differentiable] method must name what it calls"),
        _ => null,
    };

    private Expr Refuse(IOperation op, string type, string what, string hint)
    {
        Unsupported(op, what, hint);
        return new Lit(type, 0);
    }

    /// <summary>Statements that stay unsupported, each refused with the rewrite to make; false for everything else.</summary>
    private bool LowerUnsupportedStatement(IOperation op)
    {
        switch (op)
        {
            case ITryOperation { Catches.Length: > 0 } tryCatch:
                RefuseTryCatch(tryCatch);
                return true;
            case ITryOperation:
                Unsupported(op, "try/finally", "move the try/finally to the caller; a [Differentiable] method runs straight through");
                return true;
            case IUsingOperation or IUsingDeclarationOperation:
                Unsupported(op, "using", "acquire and dispose the resource in the caller and pass the values in");
                return true;
            case ILockOperation:
                Unsupported(op, "lock", "take the lock in the caller, around the call");
                return true;
            case ILabeledOperation or IBranchOperation { BranchKind: BranchKind.GoTo }:
                Unsupported(op, "goto and labels", "use a loop with break/continue, or if/else");
                return true;
            case IBlockOperation when op.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.UnsafeStatementSyntax:
                Unsupported(op, "An unsafe block", "use arrays or Span<T> instead of pointers");
                return true;
            default:
                return false;
        }
    }

    /// <summary>A statement handled by a construct file; false to fall through.</summary>
    private bool LowerConstructStatement(IOperation op, List<Stmt> output)
    {
        switch (op)
        {
            case ISwitchOperation sw:
                LowerSwitch(sw, output);
                return true;
            case IBranchOperation { BranchKind: BranchKind.Break } br when br.Target is not null && _switchExits.Contains(br.Target):
                Unsupported(op, "A break out of a switch section from inside a nested statement", "make break the section's last statement, or write the section as an if/else");
                return true;
            case IForEachLoopOperation loop when ForEachOverListLocal(loop, output) || LowerNestedForEach(loop, output) || LowerRowForEach(loop, output):
                return true;
            case IForEachLoopOperation loop when ForEachOverDataCollection(loop, output) || LowerAggregateForEachOverExpression(loop, output) || ForEachOverExpression(loop, output) || ForEachOverQuery(loop, output) || LowerAggregateForEach(loop, output) || LowerTupleForEach(loop, output):
                return true;
            case IReturnOperation ret when LowerAggregateReturn(ret, output) || LowerTupleReturn(ret, output):
                return true;
            default:
                return LowerUnsupportedStatement(op);
        }
    }

    /// <summary>An expression statement handled by a construct file; false to fall through.</summary>
    private bool LowerConstructEffect(IOperation op, List<Stmt> output)
    {
        switch (op)
        {
            case IInvocationOperation or IAssignmentOperation when _listLocals.Count > 0 && (LowerListLocalCall(op, output) || RefuseListLocalAssignment(op)):
                return true;
            case IInvocationOperation or IAssignmentOperation when _stackQueueLocals.Count > 0 && LowerStackQueueCall(op, output):
                return true;
            case IInvocationOperation or IAssignmentOperation when LowerRandomStatement(op, output):
                return true;
            case IAssignmentOperation or IIncrementOrDecrementOperation when TryLowerNullableAssignment(op, output) || TryLowerSetter(op, output):
                return true;
            case IAssignmentOperation assign when IsAggregate(assign.Target.Type):
                LowerAggregateAssignment(assign, output);
                return true;
            case IDeconstructionAssignmentOperation deconstruction:
                LowerDeconstruction(deconstruction, output);
                return true;
            case ISimpleAssignmentOperation when LowerTupleElementAssignment(op, output):
                return true;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assign when IsTuple(local.Type):
                AssignTuple(TupleLocal(local.Local), local.Type!, assign.Value, output);
                return true;
            case IInvocationOperation call when InvolvesAggregates(call):
                AggregateCall(call, "void");
                return true;
            case IInvocationOperation call when IsInlinable(call):
                Inline(call, "void");
                return true;
            case IInvocationOperation call when IsAutoInlined(call) && TryInlineHelper(call, "void") is not null:
                return true;
            case ISimpleAssignmentOperation when LowerArrayAssignment(op, output):
                return true;
            default:
                return false;
        }
    }

    /// <summary>A local declaration handled by a construct file (tuples, lambdas, array initializers); false to fall through.</summary>
    private bool LowerConstructDeclarator(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (TryDeclareListLocal(d, init, output)) return true;
        if (TryDeclareStackQueueLocal(d, init, output)) return true;
        if (TryDeclareRandomLocal(d, init, output)) return true;
        if (IsTuple(d.Symbol.Type)) return LowerTupleDeclarator(d, init, output);
        if (LowerAggregateDeclarator(d, init, output)) return true;
        if (init is not null && LambdaOf(init) is IAnonymousFunctionOperation lambda) return DeclareLambda(d, lambda);
        if (init is not null && DeclareQuery(d, init, output)) return true;
        if (LowerArrayDeclarator(d, init, output)) return true;
        if (init is not null && TypeClassifier.ElementOf(d.Symbol.Type, out _, out _) is not null && IsArrayValue(init))
        {
            LowerArrayValue(DeclareLocal(d.Symbol), init, output);
            return true;
        }
        return false;
    }
}
