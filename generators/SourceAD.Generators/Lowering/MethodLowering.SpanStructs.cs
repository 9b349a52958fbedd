using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A <c>ref struct</c> of spans (GradBench gap G7, lstm.hpp's <c>WeightOrBias</c>:
/// <c>ref struct WeightOrBias { public ReadOnlySpan&lt;double&gt; forget, ingate, …; }</c>) held in a local and built by
/// its constructor or an object initializer from slices: scalar replacement, as for aggregates. Each span field is a
/// slice alias of its own (start and length in passive integers), so <c>w.forget[i]</c> reads the array it views in
/// place, and the struct itself never exists in the generated code. The constructor is inlined: its parameters are
/// bound as an inlined helper's, and each statement must assign a field a view of an array. The views must be of
/// inputs or local arrays: reads and writes through a struct field are not seen by the output analysis
/// (<see cref="OutputArrays"/>), so a field viewing an output is refused rather than risk a wrong in-out decision.
/// Refused too: other statements in the constructor, reassigning the local, and any use of it but its fields.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<(string Local, string Field), SliceAlias> _spanFields = new();

    /// <summary>A ref struct of this compilation whose instance fields are all spans.</summary>
    private static bool IsSpanStruct(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { IsRefLikeType: true, TypeKind: TypeKind.Struct } named || named.DeclaringSyntaxReferences.Length == 0) return false;
        var fields = named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic).ToList();
        return fields.Count > 0 && fields.All(f => f.Type is not IArrayTypeSymbol && TypeClassifier.ElementOf(f.Type, out _, out _) is not null);
    }

    private bool TryLowerSpanStruct(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (!IsSpanStruct(d.Symbol.Type)) return false;
        string local = Name(d.Symbol, d.Symbol.Name);
        if (init is null || AssignedElsewhere(d.Symbol) || Unwrap(init) is not IObjectCreationOperation create)
        {
            Unsupported((IOperation?)init ?? d, $"The ref struct local '{d.Symbol.Name}' other than initialized once with new", $"initialize it once: var {d.Symbol.Name} = new {d.Symbol.Type.Name}(…);");
            return true;
        }
        if (create.Constructor is { } ctor && !ctor.IsImplicitlyDeclared && !InlineSpanStructConstructor(local, create, ctor, output)) return true;
        foreach (IOperation member in create.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            if (member is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation f, Value: var value })
            {
                Unsupported(member, $"The initializer '{Short(member)}'", "assign the span fields views of arrays (field = x.Slice(start, length))");
                return true;
            }
            if (!BindSpanField(local, f.Field, value, output)) return true;
        }
        return true;
    }

    /// <summary>Runs the constructor's field assignments with its parameters bound to the arguments; false after a report.</summary>
    private bool InlineSpanStructConstructor(string local, IObjectCreationOperation create, IMethodSymbol ctor, List<Stmt> output)
    {
        IBlockOperation? body = ConstructorBody(ctor);
        if (body is null)
        {
            Unsupported(create, $"The constructor of '{ctor.ContainingType.Name}'", "give it a body in this compilation that assigns the span fields");
            return false;
        }
        var bindings = new List<IParameterSymbol>();
        foreach (IArgumentOperation arg in create.Arguments)
        {
            if (arg.Parameter is null || arg.Parameter.RefKind is not (RefKind.None or RefKind.In)) { Unsupported(create, $"The call '{Short(create)}'", "pass the arguments by value"); return false; }
            IParameterSymbol p = ctor.Parameters[arg.Parameter.Ordinal];
            string name;
            if (TypeClassifier.ElementOf(p.Type, out _, out _) is not null)
            {
                name = BindSliceParameter(p, arg.Value, laterEffects: false) ?? ArrayName(arg.Value);
                if (name == "__invalid") return false;
            }
            else
            {
                name = NewLocal(p.Name, p.Type);
                output.Add(new Assign(new Ref(TypeClassifier.Text(p.Type), name), HoistCalls(LowerExpr(arg.Value), output)));
            }
            _names[p] = name;
            bindings.Add(p);
        }
        bool ok = true;
        foreach (IOperation statement in body.Operations)
        {
            if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: IInstanceReferenceOperation } f, Value: var value } })
            {
                if (!(ok = BindSpanField(local, f.Field, value, output))) break;
                continue;
            }
            Unsupported(statement, $"The statement '{Short(statement)}' in the constructor of the ref struct '{ctor.ContainingType.Name}'", "let it only assign its span fields views of arrays (field = p.Slice(start, length);)");
            ok = false;
            break;
        }
        foreach (IParameterSymbol p in bindings) _names.Remove(p);
        return ok;
    }

    private IBlockOperation? ConstructorBody(IMethodSymbol ctor)
    {
        foreach (SyntaxReference reference in ctor.DeclaringSyntaxReferences)
        {
            SyntaxNode syntax = reference.GetSyntax(_ct);
            if (!_semanticModel.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
            if (ModelOf(syntax.SyntaxTree).GetOperation(syntax, _ct) is IConstructorBodyOperation body) return body.BlockBody ?? body.ExpressionBody;
        }
        return null;
    }

    /// <summary>Makes <c>local.field</c> a slice alias of what <paramref name="value"/> views; false after a report.</summary>
    private bool BindSpanField(string local, IFieldSymbol field, IOperation value, List<Stmt> output)
    {
        Expr arg = ArrayArgument(value);
        string array = arg switch { Slice s => s.Array, Ref r => r.Name, _ => "__invalid" };
        if (array == "__invalid") return false;
        bool readOnlyParameter = _method.Parameters.Any(p => TypeClassifier.ElementOf(p.Type, out _, out bool readOnly) is not null && readOnly &&
                                                            _names.TryGetValue(p, out string? n) && n == array);
        if (!_readOnlyArrays.Contains(array) && !readOnlyParameter && !_locals.Any(l => l.Name == array && l.IsArray))
        {
            Unsupported(value, $"A span field viewing '{array}', which the method may write", "let ref struct fields view inputs or local arrays; view outputs with span locals (Span<double> cell = state.Slice(h);)");
            return false;
        }
        string element = TypeClassifier.Text(TypeClassifier.ElementOf(field.Type, out _, out _)!);
        string start = NewTemp(local + "_" + field.Name + "Start", "int"), length = NewTemp(local + "_" + field.Name + "Length", "int");
        output.Add(new Assign(new Ref("int", start), HoistCalls(arg is Slice sl ? sl.Start : new Lit("int", 0), output)));
        output.Add(new Assign(new Ref("int", length), HoistCalls(arg is Slice sz ? sz.Length : new Len(array), output)));
        bool arrayBase = arg is Slice b ? b.ArrayBase : IsArrayStorage(array);
        _spanFields[(local, field.Name)] = new SliceAlias(array, arrayBase, element, new Ref("int", start), new Ref("int", length));
        return true;
    }

    /// <summary><c>w.forget</c> for a ref struct local w: the field's slice alias; null for anything else.</summary>
    private SliceAlias? SpanFieldAlias(IFieldReferenceOperation f) =>
        f.Instance is ILocalReferenceOperation l && _names.TryGetValue(l.Local, out string? local) && _spanFields.TryGetValue((local, f.Field.Name), out SliceAlias? alias)
            ? alias
            : null;
}
