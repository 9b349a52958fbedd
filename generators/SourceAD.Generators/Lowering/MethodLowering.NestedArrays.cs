using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Rectangular (<c>T[,]</c>, <c>T[,,]</c>) and jagged (<c>T[][]</c>) arrays as parameters and locals, and arrays allocated
/// anywhere: elements <c>a[i, j]</c> and <c>a[i][j]</c> (one <see cref="Elem"/> with all its indices), <c>Length</c>,
/// <c>GetLength(d)</c>, <c>Rank</c>, <c>a[i].Length</c>, <c>a[^k]</c>, allocations (<c>new T[n, m]</c>, <c>new T[n][]</c>,
/// rows <c>a[i] = new T[m]</c>, and <c>new T[n]</c> inside loops or as a call argument), foreach over them, and row
/// aliases (<c>var row = a[i];</c>: <c>row[j]</c> is <c>a[i][j]</c> with i kept in an integer temporary, so it is read
/// and written in place and never copied).
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>Row aliases: a <c>T[]</c> local bound once to a row of a jagged array, and the row's index.</summary>
    private readonly Dictionary<string, (string Array, Expr Row)> _rowAliases = new();

    /// <summary>Refuses what the vector-output (void) form cannot surface: its Jacobian and callers flatten spans only.</summary>
    private bool CheckNestedSignature(List<Param> parameters, bool returnsVoid, Location location)
    {
        if (!returnsVoid || parameters.FirstOrDefault(p => p.IsNested && p.Differentiable) is not Param nested) return true;
        Report(DiagnosticDescriptors.UnsupportedSignature, location, _method.Name,
            $"'{nested.Name}' is a rectangular or jagged input of a vector-output (void) method; pass it as a T[] (index it i * columns + j) or mark it [NoDerivative]");
        return false;
    }

    // ---------------------------------------------------------------- expressions

    /// <summary>An element, extent or rank of a rectangular or jagged array (or a row alias), or <c>a[^k]</c>; null for anything else.</summary>
    private Expr? LowerNestedArrayExpr(IOperation op, string type)
    {
        switch (op)
        {
            case IArrayElementReferenceOperation elem when elem.Indices.Length > 1 && NestedVariable(elem.ArrayReference) is string rect:
            {
                List<Expr> indices = LowerOperands(elem.Indices);
                return new Elem(type, rect, indices[0], indices.Skip(1).ToEquatable());
            }
            case IArrayElementReferenceOperation { Indices.Length: 1 } elem when RowOf(elem.ArrayReference) is var (array, row):
                return new Elem(type, array, row, EquatableArray.Of(LowerIndex(elem.Indices[0], () => new Len(array, Row: row))), Jagged: true);
            case IArrayElementReferenceOperation { Indices.Length: 1 } elem when IsHat(elem.Indices[0]) && elem.ArrayReference.Type is IArrayTypeSymbol { Rank: 1 }:
                return ElementOf(type, elem.ArrayReference, LowerIndex(elem.Indices[0], () => LengthOf(elem.ArrayReference)));
            case IImplicitIndexerReferenceOperation { Argument: var index, Instance: { Type: { } spanType } instance } when IsHat(index) &&
                                                                                       TypeClassifier.ElementOf(spanType, out bool isSpan, out bool isReadOnly) is not null && (isSpan || isReadOnly):
                // span[^k] (a span parameter or a span local slicing an array): the span's length minus k.
                return ElementOf(type, instance, LowerIndex(index, () => LengthOf(instance)));
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when RowOf(instance) is var (array, row):
                return new Len(array, Row: row);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when NestedVariable(instance) is string nested:
                return new Len(nested);
            case IPropertyReferenceOperation { Property.Name: "Rank", Instance: { Type: IArrayTypeSymbol arrayType } instance } when ArrayVariable(instance) is not null:
                return new Lit("int", arrayType.Rank);
            case IInvocationOperation { TargetMethod.Name: "GetLength", Arguments.Length: 1, Instance: { } instance } inv
                when instance.Type is IArrayTypeSymbol arrayType && ArrayVariable(instance) is string array:
            {
                Expr dimension = LowerExpr(inv.Arguments[0].Value);
                return arrayType.Rank == 1 ? new Len(array) : new Len(array, Dimension: dimension);
            }
            case IArrayElementReferenceOperation { Indices.Length: 1 } elem when TypeClassifier.NestedElementOf(Unwrap(elem.ArrayReference).Type, out ArrayLayout layout) is not null &&
                                                                               layout == ArrayLayout.Jagged && ArrayVariable(elem.ArrayReference) is not null:
                // A whole row as a value (assigned, compared, returned): rows are indexed, aliased or allocated only.
                return Refuse(op, type, $"The row '{Short(op)}' of a jagged array used as a value", "index it (a[i][j]), bind it once (var row = a[i];), or allocate it (a[i] = new T[n])");
            default:
                return null;
        }
    }

    /// <summary>An index, with <c>^k</c> (from the end) as <c>length − k</c>.</summary>
    private Expr LowerIndex(IOperation index, System.Func<Expr> length) =>
        IsHat(index) ? E.Sub(length(), LowerExpr(((IUnaryOperation)Unwrap(index)).Operand)) : LowerExpr(index);

    private static bool IsHat(IOperation index) => Unwrap(index) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };

    /// <summary>The IR name of a rectangular or jagged local or parameter; null for anything else.</summary>
    private string? NestedVariable(IOperation op) =>
        TypeClassifier.NestedElementOf(Unwrap(op).Type, out _) is not null ? ArrayVariable(op) : null;

    /// <summary>The IR name of an array local or parameter (not a field: those are data, see DataArrays).</summary>
    private string? ArrayVariable(IOperation op) => Unwrap(op) switch
    {
        ILocalReferenceOperation l when !_lambdas.ContainsKey(l.Local) => DeclareLocal(l.Local),
        IParameterReferenceOperation p => Name(p.Parameter, p.Parameter.Name),
        _ => null,
    };

    /// <summary>A row of a jagged local or parameter, <c>a[i]</c>, or a row alias: the array and the row's index.</summary>
    private (string Array, Expr Row)? RowOf(IOperation op)
    {
        op = Unwrap(op);
        if (op is ILocalReferenceOperation l && _rowAliases.TryGetValue(DeclareLocal(l.Local), out var alias)) return alias;
        if (op is IParameterReferenceOperation pr && _names.TryGetValue(pr.Parameter, out string? bound) && _rowAliases.TryGetValue(bound, out alias)) return alias;
        if (op is IArrayElementReferenceOperation { Indices.Length: 1 } row && TypeClassifier.NestedElementOf(Unwrap(row.ArrayReference).Type, out ArrayLayout layout) is not null &&
            layout == ArrayLayout.Jagged && ArrayVariable(row.ArrayReference) is string array)
        {
            return (array, LowerIndex(row.Indices[0], () => new Len(array)));
        }
        return null;
    }

    /// <summary>Whether <paramref name="op"/> is a row of a jagged array: <c>a[i]</c>, or a local or inlined parameter aliasing one.</summary>
    private bool IsJaggedRow(IOperation op) => Unwrap(op) switch
    {
        ILocalReferenceOperation l => _names.TryGetValue(l.Local, out string? local) && _rowAliases.ContainsKey(local),
        IParameterReferenceOperation p => _names.TryGetValue(p.Parameter, out string? bound) && _rowAliases.ContainsKey(bound),
        IArrayElementReferenceOperation { Indices.Length: 1 } e => TypeClassifier.NestedElementOf(Unwrap(e.ArrayReference).Type, out ArrayLayout layout) is not null && layout == ArrayLayout.Jagged,
        _ => false,
    };

    /// <summary>
    /// <c>Dot(rows[r], w)</c> inlined: the helper's array parameter becomes a row alias of the caller's jagged array, so
    /// <c>a[i]</c> in the helper reads and writes <c>rows[r][i]</c> in place, and its adjoint is that row's adjoint. The
    /// row index is evaluated once, at the call, as C# evaluates the argument.
    /// </summary>
    private string BindRowParameter(IParameterSymbol p, string rows, Expr row)
    {
        string alias = p.Name;
        for (int i = 2; _usedNames.Contains(alias); i++) alias = p.Name + "_" + i;
        _usedNames.Add(alias);
        string index = NewTemp(alias + "Row", "int");
        _sink.Add(new Assign(new Ref("int", index), HoistCalls(row, _sink)));
        _rowAliases[alias] = (rows, new Ref("int", index));
        if (_readOnlyArrays.Contains(rows)) _readOnlyArrays.Add(alias);
        return alias;
    }

    /// <summary>
    /// Whether the jagged local <paramref name="array"/> (a row alias's source) gets a new row (<c>a[i] = …</c>) or is
    /// bound to other storage (<c>a = …</c>) anywhere after <paramref name="position"/> in the method. A row alias reads
    /// <c>a[i]</c> in place, so it would see the replacement where C#'s reference keeps the old row.
    /// </summary>
    private bool RowsReplacedAfter(IOperation array, int position)
    {
        if (Unwrap(array) is not ILocalReferenceOperation { Local: var local }) return false;
        IOperation root = array;
        while (root.Parent is not null) root = root.Parent;
        bool Names(IOperation target) => Unwrap(target) switch
        {
            ILocalReferenceOperation l => SymbolEqualityComparer.Default.Equals(l.Local, local),
            IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: var r } => Unwrap(r) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local),
            ITupleOperation t => t.Elements.Any(Names),
            _ => false,
        };
        return root.Descendants().Any(o => o.Syntax.SpanStart > position && o is IAssignmentOperation assign && Names(assign.Target));
    }

    // ---------------------------------------------------------------- declarations and assignments

    /// <summary>
    /// A local array declared with an allocation (<c>new T[n]</c> anywhere, <c>new T[n, m]</c>, <c>new T[n][]</c>), a row
    /// alias (<c>var row = a[i];</c>), or any other initializer of a rectangular or jagged local (refused). False for the
    /// forms other files handle (initializers of flat arrays, slices).
    /// </summary>
    private bool LowerArrayDeclarator(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        bool nested = TypeClassifier.NestedElementOf(d.Symbol.Type, out _) is not null;
        if (TypeClassifier.IsUnsupportedNesting(d.Symbol.Type))
        {
            Unsupported(d, $"The local '{d.Symbol.Name}' of type '{d.Symbol.Type.ToDisplayString()}'", "use T[], T[,], T[,,] or T[][]");
            return true;
        }
        if (init is null || !nested && TypeClassifier.ElementOf(d.Symbol.Type, out _, out _) is null) return false;
        string name = DeclareLocal(d.Symbol);
        if (Unwrap(init) is IArrayCreationOperation { Initializer: null } create)
        {
            output.Add(Allocation(name, create, null, output));
            return true;
        }
        if (!nested && TryLowerChosenAllocation(d.Symbol.Type, name, init, output)) return true;
        if (nested && LowerNestedInitializer(name, init, output)) return true;
        if (!nested && d.Symbol.Type is IArrayTypeSymbol && BindableArray(init) is string source && !_aliases.ContainsKey(name))
        {
            // var t = previous; a second name for previous's storage (a swap through a temporary).
            output.Add(new Assign(new Ref(TypeClassifier.Text(d.Symbol.Type), name), new Ref(TypeClassifier.Text(d.Symbol.Type), source)));
            return true;
        }
        if (!nested && RowOf(init) is var (array, row))
        {
            if (AssignedElsewhere(d.Symbol))
            {
                Unsupported(init, $"Reassigning the row '{d.Symbol.Name}'", "declare a new local for each row, or index the jagged array directly");
                return true;
            }
            if (RowsReplacedAfter(Unwrap(init) is IArrayElementReferenceOperation e ? e.ArrayReference : init, d.Syntax.SpanStart))
            {
                Unsupported(init, $"The row alias '{d.Symbol.Name}' of an array whose rows are replaced later", "index the jagged array directly (a[i][j]), or replace rows before taking the alias");
                return true;
            }
            // The row index is evaluated once, here, as C# does: later changes to i do not move the alias.
            string index = NewTemp(name + "Row", "int");
            output.Add(new Assign(new Ref("int", index), HoistCalls(row, output)));
            _rowAliases[name] = (array, new Ref("int", index));
            if (_readOnlyArrays.Contains(array)) _readOnlyArrays.Add(name);
            return true;
        }
        if (!nested && LowerArrayCopy(name, init, output)) return true;
        if (!nested && LowerRepeatToArray(name, init, output)) return true;
        if (!nested && LowerQueryToArray(name, init, output)) return true;
        if (!nested && LowerConvertAll(name, init, output)) return true;
        if (!nested && LowerSortedToArray(name, init, output)) return true;
        if (!nested && LowerListToArray(name, init, output)) return true;
        if (!nested) return false;
        if (LowerMatrixClone(name, init, output) || TryLowerArrayReturningCall(d, name, init, output)) return true;
        if (Unwrap(init) is IInvocationOperation)
        {
            Unsupported(init, $"Initializing the array '{d.Symbol.Name}' with the array a method returns ('{Short(init)}')",
                "allocate the array here (new T[n, m]) and compute its elements in this method, or in a [Differentiable] helper that returns a scalar");
            return true;
        }
        Unsupported(init, $"Initializing the {(d.Symbol.Type is IArrayTypeSymbol { Rank: > 1 } ? "rectangular" : "jagged")} array '{d.Symbol.Name}' with '{Short(init)}'",
            "allocate it with new T[n, m] (or new T[n][] and each row with new T[m]) and write its elements");
        return true;
    }

    /// <summary>
    /// <c>a = new T[n]</c> for an array local (a fresh array each time it runs), a jagged row <c>a[i] = new T[m]</c>, and
    /// <c>a = b</c> between local arrays (an array bind: a second name for b's storage); false for other statements.
    /// </summary>
    private bool LowerArrayAssignment(IOperation op, List<Stmt> output)
    {
        if (op is ISimpleAssignmentOperation { Target: ILocalReferenceOperation, Value: var source } bind && BindableArray(bind.Target) is string p && BindableArray(source) is string q)
        {
            output.Add(new Assign(new Ref(TypeClassifier.Text(bind.Target.Type!), p), new Ref(TypeClassifier.Text(bind.Target.Type!), q)));
            return true;
        }
        if (op is ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { Indices.Length: 1 } rowTarget, Value: var rowValue } &&
            RowInitializer(rowValue) is List<IOperation> rowElements && RowOf(rowTarget) is var (rows, rowIndex) && !_rowAliases.ContainsKey(rows))
        {
            LowerRowInitializer(op, rows, rowIndex, (IArrayTypeSymbol)rowTarget.Type!, rowElements, output);
            return true;
        }
        if (op is not ISimpleAssignmentOperation { Value: var value } assign || Unwrap(value) is not IArrayCreationOperation { Initializer: null } create) return false;
        if (assign.Target is ILocalReferenceOperation local && ArrayVariable(local) is string name && _arrays.Contains(name) && !_rowAliases.ContainsKey(name))
        {
            output.Add(Allocation(name, create, null, output));
            return true;
        }
        if (assign.Target is IArrayElementReferenceOperation { Indices.Length: 1 } element && RowOf(element) is var (array, row) && !_rowAliases.ContainsKey(array))
        {
            if (_readOnlyArrays.Contains(array))
            {
                Unsupported(op, $"Replacing a row of the input array '{array}'", "inputs are read-only: build a local jagged array");
                return true;
            }
            output.Add(Allocation(array, create, HoistCalls(row, output), output));
            return true;
        }
        return false;
    }

    /// <summary>The elements of <c>new T[] { … }</c>, <c>new[] { … }</c> or <c>[ … ]</c> (no spread); null for anything else.</summary>
    private static List<IOperation>? RowInitializer(IOperation value) => Unwrap(value) switch
    {
        IArrayCreationOperation { Initializer: { } init, Type: IArrayTypeSymbol { Rank: 1 } } => init.ElementValues.ToList(),
        ICollectionExpressionOperation { Type: IArrayTypeSymbol { Rank: 1 } } c when c.Elements.All(e => e is not ISpreadOperation) => c.Elements.ToList(),
        _ => null,
    };

    /// <summary>
    /// <c>a[i] = new[] { e0, e1 }</c>: the row index, then every element into a temporary (C# evaluates them all before
    /// the store, so an element may read the row being replaced), then the new row and its elements.
    /// </summary>
    private void LowerRowInitializer(IOperation op, string rows, Expr row, IArrayTypeSymbol rowType, List<IOperation> elements, List<Stmt> output)
    {
        if (_readOnlyArrays.Contains(rows))
        {
            Unsupported(op, $"Replacing a row of the input array '{rows}'", "inputs are read-only: build a local jagged array");
            return;
        }
        string et = TypeClassifier.Text(rowType.ElementType);
        var index = new Ref("int", NewTemp("row", "int"));
        output.Add(new Assign(index, HoistCalls(row, output)));
        var values = new List<Expr>();
        foreach (IOperation element in elements)
        {
            var temp = new Ref(et, NewTemp("element", et));
            output.Add(new Assign(temp, HoistCalls(E.To(et, LowerInto(element, output)), output)));
            values.Add(temp);
        }
        output.Add(new NewArray(rows, et, new Lit("int", values.Count), EquatableArray<Expr>.Empty, index));
        for (int j = 0; j < values.Count; j++)
        {
            output.Add(new Assign(new Elem(et, rows, index, EquatableArray.Of<Expr>(new Lit("int", j)), Jagged: true), values[j]));
        }
    }

    /// <summary>
    /// A local array that may be bound to another's storage: not a parameter (inputs are read-only, outputs the caller's),
    /// not a data field, not a slice or row alias (those are resolved at compile time), not a span local (a span is a view:
    /// MethodLowering.ReassignedViews.cs).
    /// </summary>
    private string? BindableArray(IOperation op) =>
        Unwrap(op) is ILocalReferenceOperation { Local.Type: IArrayTypeSymbol } l && !_lambdas.ContainsKey(l.Local) && DeclareLocal(l.Local) is var name && IsBindable(name) ? name : null;

    private bool IsBindable(string name) =>
        _arrays.Contains(name) && _locals.Any(l => l.Name == name) && !_rowAliases.ContainsKey(name) && !_aliases.ContainsKey(name) && !IsDataArray(name);

    /// <summary>
    /// <c>(previous, current) = (current, previous)</c> over local arrays: every value goes into a temporary bound to it
    /// first (C#'s order), then each target is bound to its temporary.
    /// </summary>
    private void LowerArraySwap(IDeconstructionAssignmentOperation assign, List<Expr?> targets, List<Expr> values, List<Stmt> output)
    {
        for (int i = 0; i < targets.Count; i++)
        {
            bool bindable = targets[i] is Ref t && IsBindable(t.Name) && values[i] is Ref v && IsBindable(v.Name);
            if (!bindable && targets[i] is not null)
            {
                Unsupported(assign, "This deconstruction into an array variable", "swap local arrays only with other local arrays: (previous, current) = (current, previous)");
                return;
            }
        }
        var temps = new List<Ref?>();
        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i] is not Ref target) { temps.Add(null); continue; }
            Local local = _locals.First(l => l.Name == target.Name);
            var temp = new Ref(target.Type, NewTemp("swap", local.TypeText, isArray: true, elementType: local.ElementType, layout: local.Layout));
            _arrays.Add(temp.Name);
            output.Add(new Assign(temp, values[i]));
            temps.Add(temp);
        }
        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i] is Ref target) output.Add(new Assign(target, temps[i]!));
        }
    }

    /// <summary>The <see cref="NewArray"/> of an allocation into <paramref name="name"/> (or its row <paramref name="row"/>).</summary>
    private NewArray Allocation(string name, IArrayCreationOperation create, Expr? row, List<Stmt> output)
    {
        var type = (IArrayTypeSymbol)create.Type!;
        ITypeSymbol scalar = TypeClassifier.NestedElementOf(type, out ArrayLayout layout) ?? type.ElementType;
        List<Expr> sizes = create.DimensionSizes.Select(s => HoistCalls(LowerExpr(s), output)).ToList();
        return new NewArray(name, TypeClassifier.Text(scalar), sizes[0], sizes.Skip(1).ToEquatable(), row, layout == ArrayLayout.Jagged);
    }

    /// <summary>
    /// An array created in an argument (<c>new T[n]</c>, <c>new[] { x, y }</c>, <c>[x, y]</c>): allocated into a temporary
    /// first, which the call then reads or writes.
    /// </summary>
    private Expr? AllocatedArgument(IOperation arg)
    {
        IOperation value = Unwrap(arg);
        if (ArrayReturningArgument(arg) is Expr inlined) return inlined;
        if (value is IArrayCreationOperation { Initializer: null, Type: IArrayTypeSymbol type } create)
        {
            ITypeSymbol scalar = TypeClassifier.NestedElementOf(type, out ArrayLayout layout) ?? type.ElementType;
            string temp = NewTemp("array", TypeClassifier.Text(type), isArray: true, elementType: TypeClassifier.Text(scalar), layout: layout);
            _arrays.Add(temp);
            _sink.Add(Allocation(temp, create, null, _sink));
            return new Ref(TypeClassifier.Text(type), temp);
        }
        if (IsArrayValue(value) && !IsStackAlloc(value) && (value.Type ?? arg.Type) is ITypeSymbol valueType &&
            TypeClassifier.ElementOf(valueType, out _, out _) is ITypeSymbol element and not IArrayTypeSymbol)
        {
            string arrayType = TypeClassifier.Text(element) + "[]";
            string temp = NewTemp("array", arrayType, isArray: true, elementType: TypeClassifier.Text(element));
            _arrays.Add(temp);
            LowerArrayValue(temp, arg, _sink);
            return new Ref(arrayType, temp);
        }
        return null;
    }

    // ---------------------------------------------------------------- foreach

    /// <summary>
    /// foreach over a rectangular local or parameter (every element, row-major, as C# enumerates it) or over the rows of
    /// a jagged one (the loop variable is a row alias); false for other collections.
    /// </summary>
    /// <summary>
    /// <c>foreach (var v in row)</c> over a row of a jagged array (<c>a[i]</c>, a row alias, or an inlined helper's
    /// parameter bound to a row): a for loop over the row's length with <c>v = a[i][k]</c>, the row index evaluated once.
    /// </summary>
    private bool LowerRowForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = Unwrap(loop.Collection);
        if (collection.Type is not IArrayTypeSymbol { Rank: 1 } rowType || TypeClassifier.NestedElementOf(rowType, out _) is not null ||
            !IsJaggedRow(collection) || RowOf(collection) is not var (array, row)) return false;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation control)
        {
            Unsupported(loop, "This foreach", "declare a single loop variable");
            return true;
        }
        var index = new Ref("int", NewTemp("row", "int"));
        output.Add(new Assign(index, HoistCalls(row, output)));
        string variable = DeclareLocal(control.Symbol), type = TypeClassifier.Text(control.Symbol.Type);
        var i = new Ref("int", NewTemp("i", "int"));
        var body = new List<Stmt>
        {
            new Assign(new Ref(type, variable), E.To(type, new Elem(TypeClassifier.Text(rowType.ElementType), array, index, EquatableArray.Of<Expr>(i), Jagged: true))),
        };
        _loopDepth++;
        LowerStatement(loop.Body, body);
        _loopDepth--;
        if (ContainsJump(body, includeContinue: false))
        {
            Unsupported(loop, "break, continue or return inside a foreach over a row of a jagged array", "write the loop with for and index the row");
            return true;
        }
        output.Add(new For(i.Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, i, new Len(array, Row: index)), 1, body.ToEquatable()));
        return true;
    }

    private bool LowerNestedForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        IOperation collection = Unwrap(loop.Collection);
        if (TypeClassifier.NestedElementOf(collection.Type, out ArrayLayout layout) is null) return false;
        string? array = InlinedArrayOf(collection, output, "Iterating over") ?? ArrayVariable(collection);
        if (array is null) return false;
        if (array == "__invalid") return true;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation control)
        {
            Unsupported(loop, "This foreach", "declare a single loop variable");
            return true;
        }
        string variable = DeclareLocal(control.Symbol);
        var body = new List<Stmt>();
        var indices = new List<Ref>();
        int rank = layout == ArrayLayout.Jagged ? 1 : ((IArrayTypeSymbol)collection.Type!).Rank;
        for (int d = 0; d < rank; d++) indices.Add(new Ref("int", NewTemp("i", "int")));
        if (layout == ArrayLayout.Jagged)
        {
            if (RowsReplacedAfter(collection, loop.Syntax.SpanStart))
            {
                Unsupported(loop, "A foreach over the rows of an array whose rows are replaced in or after the loop", "write the loop with for and index the array");
                return true;
            }
            _rowAliases[variable] = (array, indices[0]);
        }
        else
        {
            string type = TypeClassifier.Text(control.Symbol.Type);
            body.Add(new Assign(new Ref(type, variable), E.To(type, new Elem(TypeClassifier.Text(TypeClassifier.NestedElementOf(collection.Type, out _)!), array, indices[0], indices.Skip(1).ToEquatable<Expr>()))));
        }
        _loopDepth += rank;
        LowerStatement(loop.Body, body);
        _loopDepth -= rank;
        if (ContainsJump(body, includeContinue: false))
        {
            Unsupported(loop, "break, continue or return inside a foreach over a rectangular or jagged array", "write the loops with for and index the array");
            return true;
        }
        Stmt nest = null!;
        for (int d = rank - 1; d >= 0; d--)
        {
            Expr extent = layout == ArrayLayout.Jagged ? new Len(array) : rank == 1 ? new Len(array) : new Len(array, Dimension: new Lit("int", d));
            nest = new For(indices[d].Name, new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, indices[d], extent), 1,
                (d == rank - 1 ? body : new List<Stmt> { nest }).ToEquatable());
        }
        output.Add(nest);
        return true;
    }
}
