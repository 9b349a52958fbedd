using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Computed properties' setters on structs (<c>set =&gt; Radius = value / 2</c>), as statements (<c>d.Diameter = 3</c>,
/// <c>d.Diameter *= 1 + g</c>, <c>d.Diameter++</c>) and in object initializers (<c>new Disk { Diameter = 3 }</c>): the
/// setter is inlined on the receiver's leaves, with <c>value</c> bound to the right side (a compound assignment reads
/// the getter first, inlined on the same leaves, as C# does). The receiver must be a variable: a local, an element of
/// a local array or <c>this</c> in an inlined member; anything else (a copy) would lose the write and is refused.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>An assignment, compound assignment or ++/-- of a computed property with a setter in source; false for any other.</summary>
    private bool TryLowerSetter(IOperation op, List<Stmt> output)
    {
        IOperation target = op switch
        {
            IAssignmentOperation a => a.Target,
            IIncrementOrDecrementOperation i => i.Target,
            _ => op,
        };
        if (target is not IPropertyReferenceOperation { Property.IsIndexer: false } prop || !IsAggregateInstance(prop.Instance) ||
            AggregateShapes.NumericsName(prop.Instance!.Type) is not null || ShapeOf(prop.Instance.Type!, target) is not { } shape ||
            MemberOffset(shape, prop.Property.Name).Member is not null)
        {
            return false;
        }
        using var sink = Sink(output);
        IMethodSymbol? setter = prop.Property.SetMethod;
        if (setter is null || setter.DeclaringSyntaxReferences.Length == 0 || IsAggregate(prop.Type) || !IsSettableScalar(prop.Type))
        {
            Unsupported(target, $"Setting the computed property '{prop.Property.Name}'", "set the struct's fields or auto-properties");
            return true;
        }
        if (RecordOnPath(prop.Instance) is IOperation record)
        {
            Unsupported(target, $"Writing a member of the record '{record.Type!.Name}'", "records are values here: build a new one with a with-expression");
            return true;
        }
        if (prop.Instance is IArrayElementReferenceOperation elem && AggregateArray(elem.ArrayReference) is AggVar array && _readOnlyArrays.Contains(array.Leaves[0]))
        {
            Unsupported(target, $"Writing to the input array '{Short(elem.ArrayReference)}'", "inputs are read-only here: copy into a local array");
            return true;
        }
        List<Expr>? self = LowerAggregate(prop.Instance);
        if (self is null) return true;
        if (!self.All(l => l is Ref || l is Elem { Index: Ref or Lit }))
        {
            Unsupported(target, $"Writing to '{Short(target)}'", "write members of aggregate locals and of elements of local arrays");
            return true;
        }
        string type = TypeClassifier.Text(prop.Type!);
        Expr value;
        switch (op)
        {
            case ISimpleAssignmentOperation assign:
                value = HoistCalls(LowerExpr(assign.Value), output);
                break;
            case ICompoundAssignmentOperation compound when OperatorKinds.Binary(compound.OperatorKind) is BinaryOp bop && compound.OperatorMethod is null:
            {
                // C#'s order: the getter, then the right side.
                Expr current = Getter(prop, self, type, output);
                Expr right = Spill(HoistCalls(LowerExpr(compound.Value), output));
                value = E.To(type, new Bin(type, bop, current, E.To(type, right)));
                break;
            }
            case IIncrementOrDecrementOperation inc:
            {
                Expr current = Getter(prop, self, type, output);
                value = new Bin(type, inc.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract, current, new Lit(type, 1));
                break;
            }
            default:
                Unsupported(op, $"The assignment '{Short(op)}'", "use =, +=, -=, *= or /=");
                return true;
        }
        InlineMember(op, setter, null, new[] { op }, "void", constructing: self, loweredArgs: new List<List<Expr>> { new() { Spill(value) } });
        return true;
    }

    private static bool IsSettableScalar(ITypeSymbol? t) =>
        TypeClassifier.IsFloating(t) || t?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;

    /// <summary>The property's value now, its getter inlined on <paramref name="self"/>; 0 (reported) without one.</summary>
    private Expr Getter(IPropertyReferenceOperation prop, List<Expr> self, string type, List<Stmt> output)
    {
        if (prop.Property.GetMethod is not IMethodSymbol getter)
        {
            Unsupported(prop, $"Updating the write-only property '{prop.Property.Name}'", "assign it with =");
            return new Lit(type, 0);
        }
        using var sink = Sink(output);
        Expr current = InlineMember(prop, getter, null, new List<IOperation>(), type, constructing: self).Scalar ?? new Lit(type, 0);
        // The setter may write what the getter read: its value is taken now.
        return Spill(current);
    }

    /// <summary><c>new Disk { Diameter = 3 }</c>: the setter inlined on the value being built.</summary>
    private bool InitializeThroughSetter(ISimpleAssignmentOperation assign, List<Expr> self)
    {
        if (assign.Target is not IPropertyReferenceOperation prop || prop.Property.SetMethod is not IMethodSymbol setter ||
            setter.DeclaringSyntaxReferences.Length == 0 || IsAggregate(prop.Type) || !IsSettableScalar(prop.Type))
        {
            Unsupported(assign, $"Setting the computed property '{MemberName(assign.Target)}'", "set the struct's fields or auto-properties");
            return false;
        }
        Expr value = Spill(HoistCalls(LowerExpr(assign.Value), _sink));
        InlineMember(assign, setter, null, new[] { (IOperation)assign }, "void", constructing: self, loweredArgs: new List<List<Expr>> { new() { value } });
        return true;
    }
}
