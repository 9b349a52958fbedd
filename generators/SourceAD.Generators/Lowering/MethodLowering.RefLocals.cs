using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Ref locals: <c>ref double slot = ref bins[b]; slot += w;</c> and <c>ref double t = ref total;</c>. A ref local is a
/// second name for one storage location, so it is lowered as that location: an element of a local array (its indices
/// evaluated once, where the ref is taken, into int temporaries, as C# evaluates them then) or a scalar local. Every
/// read and write of the ref local reads and writes the element, so derivatives flow through it as through the array.
/// Lowering it as a copy (what a plain local declarator does) would lose every write: a silently wrong value and
/// derivative, which is why anything else a ref local could name is refused with the rewrite.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Ref locals in scope, each the location it names.</summary>
    private readonly Dictionary<ILocalSymbol, Expr> _refLocals = new(SymbolEqualityComparer.Default);

    /// <summary>The index locals of ref locals re-pointed within their array (<c>best = ref y[i]</c> assigns it <c>i</c>).</summary>
    private readonly Dictionary<ILocalSymbol, Ref> _refIndexes = new(SymbolEqualityComparer.Default);

    /// <summary><c>best = ref y[i]</c> for a ref local declared to an element of y: its index local takes i. False for anything else.</summary>
    private bool LowerRefRepoint(IOperation op, List<Stmt> output)
    {
        if (op is not ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation target } assign || !_refIndexes.TryGetValue(target.Local, out Ref? index) ||
            Unwrap(assign.Value) is not IArrayElementReferenceOperation { Indices.Length: 1 } element) return false;
        output.Add(new Assign(index, HoistCalls(LowerExpr(element.Indices[0]), output)));
        return true;
    }

    /// <summary>The location a ref local names, for reads and writes of it.</summary>
    private Expr? RefLocal(ILocalSymbol local) => _refLocals.TryGetValue(local, out Expr? at) ? at : null;

    /// <summary>
    /// Declares a ref local (true when <paramref name="d"/> is one, whether it was lowered or refused). Supported, for
    /// numbers and bools only (a ref to a struct is refused): a ref to an element of a local array (not a view of a
    /// parameter, whose writes the output analysis must see) and a ref to a scalar local; used only where its value is read or written, never passed by ref or re-pointed.
    /// </summary>
    private bool TryLowerRefLocal(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (!d.Symbol.IsRef) return false;
        const string Rewrite = "index the array (or name the local) directly: bins[b] += w";
        // best = ref y[i]: a ref to an element of a local array may be re-pointed at another element of that array;
        // its index is then a local of its own, which each re-pointing assigns.
        ILocalSymbol? repointArray = (init is IConversionOperation { IsImplicit: true } c0 ? c0.Operand : init) is
            IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: ILocalReferenceOperation ra } ? ra.Local : null;
        bool repointed = init is not null && !UsedOnlyAsValue(d);
        if (init is null || !UsedOnlyAsValue(d, repointArray))
        {
            Unsupported(d, $"The ref local '{d.Symbol.Name}' passed by ref or re-pointed", Rewrite);
            return true;
        }
        IOperation target = init is IConversionOperation { IsImplicit: true } c ? c.Operand : init;
        // IsScalar (MethodLowering.TupleReturns.cs): numbers and bools; a struct's members would each need the alias.
        if (!IsScalar(d.Symbol.Type))
        {
            // A ref to a struct (ref Pt p = ref q; p.X *= 2) would need every member access through it to reach q's
            // leaves; lowered as a scalar alias it lost the writes, so it is refused.
            Unsupported(d, $"The ref local '{d.Symbol.Name}' of type '{d.Symbol.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'", "use the struct local or array element directly: q.X *= 2");
            return true;
        }
        switch (target)
        {
            case ILocalReferenceOperation l when RefLocal(l.Local) is Expr chained:
                _refLocals[d.Symbol] = chained;
                return true;
            case ILocalReferenceOperation l when TypeClassifier.ElementOf(l.Local.Type, out _, out _) is null &&
                                                 TypeClassifier.NestedElementOf(l.Local.Type, out _) is null && !IsTuple(l.Local.Type):
                _refLocals[d.Symbol] = new Ref(TypeClassifier.Text(l.Local.Type), DeclareLocal(l.Local));
                return true;
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation a } when OwnArray(a):
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation s } when OwnArray(s):
            {
                Expr? lowered = d.Symbol.RefKind == RefKind.RefReadOnly ? LowerExpr(target) : LowerTarget(target);
                if (lowered is not Elem elem) return true; // LowerTarget reported why
                Expr index = repointed ? PinnedLocal(elem.Index, d.Symbol.Name, output) : Pinned(elem.Index, d.Symbol.Name, output);
                if (repointed) _refIndexes[d.Symbol] = (Ref)index;
                _refLocals[d.Symbol] = elem with
                {
                    Index = index,
                    Inner = elem.Inner.Count == 0 ? elem.Inner : elem.Inner.Select(i => Pinned(i, d.Symbol.Name, output)).ToEquatable(),
                };
                return true;
            }
            default:
                Unsupported(d, $"The ref local '{d.Symbol.Name}' to '{Short(init)}'", Rewrite);
                return true;
        }

    }

    /// <summary>
    /// A local array declared here (new T[n], an initializer, stackalloc), not a view of a parameter or a row of one: its
    /// element is the one a ref names, and the output analysis, which reads writes by name, has no writes to miss.
    /// </summary>
    private bool OwnArray(ILocalReferenceOperation array) =>
        (TypeClassifier.ElementOf(array.Local.Type, out _, out _) is not null || TypeClassifier.NestedElementOf(array.Local.Type, out _) is not null) &&
        _arrays.Contains(DeclareLocal(array.Local)) && !IsJaggedRow(array) && AliasOf(array) is null && LocalArrayIsOwn(array.Local);

    /// <summary>
    /// <c>foreach (ref double v in acc)</c> over a local array of this method (or its <c>AsSpan()</c>): the loop variable
    /// is then each element itself. Over anything else (a parameter, a view of one) it is refused with the rewrite.
    /// </summary>
    private bool RefIterationOverOwnArray(IForEachLoopOperation loop, IOperation collection, SliceAlias? view)
    {
        if (loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.Type: var t } && !IsScalar(t))
        {
            Unsupported(loop, $"foreach with a ref loop variable of type '{t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'", "loop over the indices: for (int i = 0; i < a.Length; i++) a[i].X = …");
            return false;
        }
        IOperation c = collection is IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } asSpan ? Unwrap(asSpan.Arguments[0].Value) : collection;
        if (c is ILocalReferenceOperation local && (view is null || c != collection) && OwnArray(local)) return true;
        Unsupported(loop, $"foreach with a ref loop variable over '{Short(collection)}'", "loop over the indices: for (int i = 0; i < a.Length; i++) a[i] = …");
        return false;
    }

    /// <summary>An index held in an int temporary, evaluated now, unless it is a literal.</summary>
    private Expr Pinned(Expr index, string owner, List<Stmt> output) => index is Lit ? index : PinnedLocal(index, owner, output);

    /// <summary>The index of a ref local's element in a local of its own, even when it is a constant (a re-pointed ref assigns it).</summary>
    private Ref PinnedLocal(Expr index, string owner, List<Stmt> output)
    {
        var temp = new Ref("int", NewTemp(owner + "Index", "int"));
        output.Add(new Assign(temp, index));
        return temp;
    }

    /// <summary>
    /// Whether every use of the ref local reads or writes its value: no ref argument and no ref reassignment (C# forbids
    /// capturing a ref local; the check of enclosing functions keeps that true if the rule ever relaxes).
    /// </summary>
    private static bool UsedOnlyAsValue(IVariableDeclaratorOperation d, ILocalSymbol? repointArray = null)
    {
        IOperation root = d;
        while (root.Parent is not null) root = root.Parent;
        foreach (IOperation op in root.Descendants())
        {
            if (op is not ILocalReferenceOperation l || !SymbolEqualityComparer.Default.Equals(l.Local, d.Symbol)) continue;
            if (op.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None }) return false;
            if (op.Parent is ISimpleAssignmentOperation { IsRef: true } repoint &&
                (repointArray is null || !ReferenceEquals(repoint.Target, op) ||
                 Unwrap(repoint.Value) is not IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: ILocalReferenceOperation a } ||
                 !SymbolEqualityComparer.Default.Equals(a.Local, repointArray))) return false;
            for (IOperation? p = op.Parent; p is not null; p = p.Parent)
            {
                if (p is IAnonymousFunctionOperation or ILocalFunctionOperation) return false;
            }
        }
        return true;
    }

    /// <summary>Whether a local array variable holds its own storage: every assignment to it allocates (a copy included: <c>(double[])x.Clone()</c>, <c>x[1..^1]</c>).</summary>
    private bool LocalArrayIsOwn(ILocalSymbol local)
    {
        foreach (SyntaxReference r in local.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: var value } &&
                !(ModelOf(value.SyntaxTree).GetOperation(value, _ct) is IOperation copy && CopySource(copy) is not null) &&
                value is not (Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax or
                    Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitArrayCreationExpressionSyntax or
                    Microsoft.CodeAnalysis.CSharp.Syntax.InitializerExpressionSyntax or
                    Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax or
                    Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitStackAllocArrayCreationExpressionSyntax or
                    Microsoft.CodeAnalysis.CSharp.Syntax.CollectionExpressionSyntax))
            {
                return false;
            }
        }
        return true;
    }
}
