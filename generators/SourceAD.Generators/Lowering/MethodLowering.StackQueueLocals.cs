using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A local <c>Stack&lt;T&gt;</c> or <c>Queue&lt;T&gt;</c> of a floating T (an RPN evaluator's operand stack, an echo's
/// delay line): what a <see cref="ListLocal"/> is, an array and a count, so every element keeps its derivative and growth
/// is the list's (MethodLowering.ListLocals.cs). <c>Push</c>/<c>Enqueue</c> are the list's <c>Add</c>; <c>Pop</c> takes
/// the element below the count and lowers the count; a queue also keeps a head, and <c>Dequeue</c> takes the element at
/// the head and moves it on (the slots before it are not reused: the array grows as the list's does).
/// <c>Peek</c>, <c>Count</c> and <c>Clear</c> read or reset those. Popping or dequeuing an empty one throws
/// <c>InvalidOperationException</c>, as .NET does. The element taken is copied into a temporary at the call, so a later
/// push into the slot it came from does not change it. Anything else (foreach, LINQ, ToArray, passing it on, reassigning
/// it) is refused with the rewrite; these are kept apart from list locals, so no list path reads their arrays in the
/// wrong order (a stack enumerates from the top, a queue from the head).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>A stack or queue local: its storage (the list's), and the head index of a queue (null for a stack).</summary>
    private sealed record StackQueueLocal(ListLocal Storage, Ref? Head, string Kind);

    private readonly Dictionary<ILocalSymbol, StackQueueLocal> _stackQueueLocals = new(SymbolEqualityComparer.Default);

    private StackQueueLocal? StackQueueOf(IOperation? op) =>
        _stackQueueLocals.Count > 0 && op is not null && Unwrap(op) is ILocalReferenceOperation l && _stackQueueLocals.TryGetValue(l.Local, out StackQueueLocal? s) ? s : null;

    /// <summary><c>var s = new Stack&lt;double&gt;();</c>, <c>new Queue&lt;double&gt;(capacity)</c>; false for other locals.</summary>
    private bool TryDeclareStackQueueLocal(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (d.Symbol.Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } type || !TypeClassifier.IsFloating(type.TypeArguments[0])) return false;
        string? kindName = type.OriginalDefinition.ToDisplayString() switch
        {
            "System.Collections.Generic.Stack<T>" => "Stack",
            "System.Collections.Generic.Queue<T>" => "Queue",
            _ => null,
        };
        if (kindName is null) return false;
        if (OtherStackQueueUse(d) is IOperation other)
        {
            // Checked before anything is declared: a foreach or a LINQ query would otherwise read the storage array from
            // slot 0, not from the top or the head.
            Unsupported(other, $"Using the {kindName}<> local '{d.Symbol.Name}' other than by {Operations(kindName == "Queue")}",
                $"a {kindName}<> local supports those; for anything else keep the values in a List<T> local (var items = new List<double>();) and read items[i]");
            _refusedLocals.Add(d.Symbol);
            return true;
        }
        string et = TypeClassifier.Text(type.TypeArguments[0]);
        string name = Name(d.Symbol, d.Symbol.Name);
        if (!_locals.Any(l => l.Name == name)) _locals.Add(new Local(name, et + "[]", true, et, ArrayLayout.Flat));
        _arrays.Add(name);
        var storage = new ListLocal(d.Symbol.Name, name, new Ref("int", NewTemp(name + "_count", "int")), et);
        var local = new StackQueueLocal(storage, kindName == "Queue" ? new Ref("int", NewTemp(name + "_head", "int")) : null, kindName);
        _stackQueueLocals[d.Symbol] = local;
        string display = $"{kindName}<{type.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}>";
        if (init is null || Unwrap(init) is not IObjectCreationOperation create || create.Initializer is not null ||
            create.Arguments.Length > 1 || create.Arguments.Length == 1 && create.Arguments[0].Value.Type?.SpecialType != SpecialType.System_Int32)
        {
            Unsupported((IOperation?)init ?? d, $"The {display} local '{d.Symbol.Name}' declared without new {display}() or new(capacity)",
                $"create it empty where it is declared (var {d.Symbol.Name} = new {display}();) and fill it with {(local.Head is null ? "Push" : "Enqueue")}");
            return true;
        }
        using (Sink(output))
        {
            Expr capacity = create.Arguments.Length == 0 ? new Lit("int", 0) : HoistCalls(LowerExpr(create.Arguments[0].Value), output);
            if (capacity is not Lit)
            {
                output.Add(new If(E.Cmp(BinaryOp.LessThan, capacity, new Lit("int", 0)), EquatableArray.Of<Stmt>(
                    new ThrowStmt("throw new global::System.ArgumentOutOfRangeException(\"capacity\", \"Non-negative number required.\");")), EquatableArray<Stmt>.Empty));
            }
            output.Add(new NewArray(name, et, capacity));
            output.Add(new Assign(storage.Count, new Lit("int", 0)));
            if (local.Head is not null) output.Add(new Assign(local.Head, new Lit("int", 0)));
        }
        return true;
    }

    private static readonly ImmutableHashSet<string> StackQueueMembers = ImmutableHashSet.Create("Push", "Pop", "Enqueue", "Dequeue", "Peek", "Clear", "Count");

    /// <summary>The first use of the declared local, anywhere in the method, that is not one of <see cref="StackQueueMembers"/> on it; null when there is none.</summary>
    private static IOperation? OtherStackQueueUse(IVariableDeclaratorOperation d)
    {
        IOperation root = d;
        while (root.Parent is not null) root = root.Parent;
        return root.Descendants().OfType<ILocalReferenceOperation>()
            .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, d.Symbol))
            .FirstOrDefault(r => r.Parent switch
            {
                IInvocationOperation call => call.Instance != r || !StackQueueMembers.Contains(call.TargetMethod.Name),
                IPropertyReferenceOperation { Property.Name: "Count" } count => count.Instance != r,
                _ => true,
            });
    }

    /// <summary><c>s.Push(v)</c>, <c>q.Enqueue(v)</c>, <c>Clear()</c>, and a <c>Pop()</c>/<c>Dequeue()</c> whose value is dropped, as statements; false when <paramref name="op"/> is no call on one.</summary>
    private bool LowerStackQueueCall(IOperation op, List<Stmt> output)
    {
        if (op is IAssignmentOperation { Target: ILocalReferenceOperation target } && _stackQueueLocals.TryGetValue(target.Local, out StackQueueLocal? reassigned))
        {
            Unsupported(op, $"Reassigning the {reassigned.Kind}<> local '{reassigned.Storage.Name}'", $"declare it once and empty it with {reassigned.Storage.Name}.Clear()");
            return true;
        }
        if (op is not IInvocationOperation call || StackQueueOf(call.Instance) is not StackQueueLocal local) return false;
        switch (call.TargetMethod.Name)
        {
            case "Push" or "Enqueue" when call.Arguments.Length == 1:
                ListAdd(local.Storage, call.Arguments[0].Value, output);
                return true;
            case "Clear" when call.Arguments.Length == 0:
                output.Add(new Assign(local.Storage.Count, new Lit("int", 0)));
                if (local.Head is not null) output.Add(new Assign(local.Head, new Lit("int", 0)));
                return true;
            case "Pop" or "Dequeue" when call.Arguments.Length == 0:
                using (Sink(output)) Take(local, remove: true);
                return true;
            default:
                Unsupported(op, $"Calling '{call.TargetMethod.Name}' on the {local.Kind}<> local '{local.Storage.Name}'", StackQueueRewrite(local));
                return true;
        }
    }

    /// <summary>Reads of a stack or queue local: <c>Pop()</c>, <c>Dequeue()</c>, <c>Peek()</c>, <c>Count</c>; any other use is refused. Null when <paramref name="op"/> involves none directly.</summary>
    private Expr? LowerStackQueueRead(IOperation op, string type)
    {
        switch (op)
        {
            case IInvocationOperation { TargetMethod.Name: "Pop" or "Dequeue" or "Peek", Arguments.Length: 0 } call when StackQueueOf(call.Instance) is StackQueueLocal local:
                return E.To(type, Take(local, remove: call.TargetMethod.Name != "Peek"));
            case IPropertyReferenceOperation { Property.Name: "Count" } count when StackQueueOf(count.Instance) is StackQueueLocal local:
                return E.To(type, local.Head is null ? local.Storage.Count : E.Sub(local.Storage.Count, local.Head));
            case IInvocationOperation call when StackQueueOf(call.Instance) is StackQueueLocal local:
                return Refuse(op, type, $"Calling '{call.TargetMethod.Name}' on the {local.Kind}<> local '{local.Storage.Name}'", StackQueueRewrite(local));
            case IPropertyReferenceOperation property when StackQueueOf(property.Instance) is StackQueueLocal local:
                return Refuse(op, type, $"Reading '{property.Property.Name}' of the {local.Kind}<> local '{local.Storage.Name}'", StackQueueRewrite(local));
            case ILocalReferenceOperation reference when _stackQueueLocals.TryGetValue(reference.Local, out StackQueueLocal? local):
                return Refuse(op, type, $"Using the {local.Kind}<> local '{local.Storage.Name}' other than by {Operations(local.Head is not null)}", StackQueueRewrite(local));
            default:
                return null;
        }
    }

    /// <summary>
    /// The element a Pop, Dequeue or Peek returns, copied into a temporary in the sink after .NET's empty check; Pop lowers
    /// the count first, Dequeue moves the head on after.
    /// </summary>
    private Ref Take(StackQueueLocal local, bool remove)
    {
        ListLocal s = local.Storage;
        Expr size = local.Head is null ? s.Count : E.Sub(s.Count, local.Head);
        string message = local.Head is null ? "Stack empty." : "Queue empty.";
        _sink.Add(new If(E.Cmp(BinaryOp.LessThanOrEqual, size, new Lit("int", 0)),
            EquatableArray.Of<Stmt>(new ThrowStmt($"throw new global::System.InvalidOperationException(\"{message}\");")), EquatableArray<Stmt>.Empty));
        Expr at;
        if (local.Head is not null) at = local.Head;
        else if (remove)
        {
            _sink.Add(new Assign(s.Count, E.Sub(s.Count, new Lit("int", 1))));
            at = s.Count;
        }
        else at = E.Sub(s.Count, new Lit("int", 1));
        var taken = new Ref(s.Element, NewTemp(s.Array + "_top", s.Element));
        _sink.Add(new Assign(taken, new Elem(s.Element, s.Array, at)));
        if (local.Head is not null && remove) _sink.Add(new Assign(local.Head, E.Add(local.Head, new Lit("int", 1))));
        return taken;
    }

    private static string StackQueueRewrite(StackQueueLocal local) =>
        $"a {local.Kind}<> local supports {Operations(local.Head is not null)}; for anything else keep the values in a List<T> local " +
        $"(var items = new List<double>();) and read items[i]";

    /// <summary>What a stack or queue local supports, as the refusals name it (<see cref="StackQueueMembers"/>).</summary>
    private static string Operations(bool queue) => (queue ? "Enqueue, Dequeue" : "Push, Pop") + ", Peek, Count and Clear";
}
