using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Differentiable aggregates (structs, record structs, records, System.Numerics vectors and Complex) by scalar
/// replacement: every aggregate value is one IR scalar per leaf (<c>a</c> → <c>a_X</c>, <c>a_Y</c>, …), an array of
/// aggregates one IR array per leaf (<c>ps</c> → <c>ps_X[]</c>, …). Members of the type (constructors, operators,
/// methods, computed properties) and helpers that take or return aggregates are inlined at each use, with
/// <c>this</c> bound to the receiver's leaves. The IR never holds an aggregate, so the transforms are unchanged; the
/// generated surface (Emit/AggregateSurfaceEmitter) takes and returns the user's types.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>A variable holding an aggregate: one IR scalar per leaf, or one IR array per leaf for an array.</summary>
    private sealed record AggVar(AggregateShape Shape, string[] Leaves, bool IsArray);

    private readonly Dictionary<ISymbol, AggVar> _aggregateVars = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, (AggregateShape? Shape, string? Problem)> _shapes = new(SymbolEqualityComparer.Default);
    private readonly List<(ITypeSymbol Type, List<Expr> Leaves)> _thisStack = new();
    private readonly List<List<Expr>> _aggregateReturns = new();
    private readonly Dictionary<int, SurfaceParam> _aggregateParams = new();
    private readonly HashSet<ITypeSymbol> _refusedShapes = new(SymbolEqualityComparer.Default);

    private static bool IsAggregate(ITypeSymbol? t) => AggregateShapes.IsCandidate(t);

    /// <summary>The element of an array or span of aggregates, or of tuples of numbers (one IR array per element); null otherwise.</summary>
    private static ITypeSymbol? AggregateElement(ITypeSymbol? t) =>
        t is null ? null : TypeClassifier.ElementOf(t, out _, out _) is ITypeSymbol e && (IsAggregate(e) || AggregateShapes.TupleShape(e) is not null) ? e : null;

    /// <summary>The shape of an aggregate type; null (reported at <paramref name="at"/>, once per type) when it cannot be handled.</summary>
    private AggregateShape? ShapeOf(ITypeSymbol type, IOperation? at, Location? location = null)
    {
        if (!_shapes.TryGetValue(type, out var entry))
        {
            AggregateShape? shape = AggregateShapes.Of(type, _semanticModel.Compilation, _method.ContainingType, out string? problem);
            entry = (shape, problem);
            _shapes[type] = entry;
        }
        if (entry.Shape is null && _refusedShapes.Add(type))
        {
            Location where = at?.Syntax.GetLocation() ?? location ?? Location.None;
            Report(Diagnostics.DiagnosticDescriptors.Unsupported, where, $"The aggregate '{type.ToDisplayString()}'", entry.Problem ?? "use a struct or record of floating members");
        }
        return entry.Shape;
    }

    private static List<(string Path, string Type, bool Floating)> LeavesOf(AggregateShape shape) => shape.Leaves();

    private string UniqueName(string preferred)
    {
        string name = preferred;
        for (int i = 2; _usedNames.Contains(name) || _method.Parameters.Any(q => q.Name == name); i++) name = preferred + "_" + i;
        _usedNames.Add(name);
        return name;
    }

    private static string Flat(string owner, string path) => owner + "_" + path.Replace('.', '_');

    // ---------------------------------------------------------------- parameters

    /// <summary>An aggregate or aggregate-array parameter becomes flat core parameters; false for any other parameter.</summary>
    private bool LowerAggregateParameter(IParameterSymbol p, List<Param> parameters)
    {
        ITypeSymbol? element = AggregateElement(p.Type);
        if (!IsAggregate(p.Type) && element is null) return false;
        Location location = p.Locations.FirstOrDefault() ?? Location.None;
        if (p.RefKind is RefKind.Ref or RefKind.Out)
        {
            Report(Diagnostics.DiagnosticDescriptors.UnsupportedSignature, location, _method.Name, $"parameter '{p.Name}' is passed by {p.RefKind.ToString().ToLowerInvariant()}; pass it by value");
            return true;
        }
        TypeClassifier.ElementOf(p.Type, out bool isSpan, out _);
        if (isSpan)
        {
            Report(Diagnostics.DiagnosticDescriptors.Unsupported, location, $"The Span<{element!.Name}> parameter '{p.Name}'", "aggregates are inputs: pass an array or ReadOnlySpan, and return a scalar");
            return true;
        }
        AggregateShape? shape = ShapeOf(element ?? p.Type, null, location);
        if (shape is null) return true;
        bool differentiable = !TypeClassifier.HasAttribute(p, "SourceAD.NoDerivativeAttribute");
        _usedNames.Add(p.Name);
        var names = new List<string>();
        foreach (var (path, type, floating) in LeavesOf(shape))
        {
            string name = UniqueName(Flat(p.Name, path));
            names.Add(name);
            if (element is null)
            {
                parameters.Add(new Param(name, type, type, floating && differentiable ? ParamKind.Real : ParamKind.Passive, floating && differentiable));
            }
            else
            {
                parameters.Add(new Param(name, type + "[]", type, floating ? ParamKind.RealArray : ParamKind.PassiveArray, floating && differentiable));
                _arrays.Add(name);
                _readOnlyArrays.Add(name);
            }
        }
        _aggregateVars[p] = new AggVar(shape, names.ToArray(), element is not null);
        _aggregateParams[p.Ordinal] = new SurfaceParam(Identifiers.Escape(p.Name), TypeClassifier.Text(p.Type), shape, element is not null, differentiable, names.ToEquatable());
        return true;
    }

    /// <summary>The user's parameters as the surface shows them; empty when no parameter is an aggregate.</summary>
    private EquatableArray<SurfaceParam> Surface(List<Param> parameters)
    {
        if (_aggregateParams.Count == 0) return default;
        var surface = new List<SurfaceParam>();
        foreach (IParameterSymbol p in _method.Parameters)
        {
            if (_aggregateParams.TryGetValue(p.Ordinal, out SurfaceParam? s)) { surface.Add(s); continue; }
            // Flat parameters carry the escaped name (@base), as the surface prints it.
            string name = Identifiers.Escape(p.Name);
            Param? flat = parameters.FirstOrDefault(q => q.Name == name);
            if (flat is null) continue;
            surface.Add(new SurfaceParam(name, flat.TypeText, null, false, flat.Differentiable, EquatableArray.Of(name)));
        }
        return surface.ToEquatable();
    }

    // ---------------------------------------------------------------- variables

    private AggVar? LocalAggregate(ILocalSymbol local, IOperation? at)
    {
        if (_aggregateVars.TryGetValue(local, out AggVar? v)) return v;
        ITypeSymbol? element = AggregateElement(local.Type);
        AggregateShape? shape = ShapeOf(element ?? local.Type, at, local.Locations.FirstOrDefault());
        if (shape is null) return null;
        string owner = Name(local, local.Name);
        var names = LeavesOf(shape).Select(l => element is null ? NewScalarLocal(Flat(owner, l.Path), l.Type) : NewLeafArray(Flat(owner, l.Path), l.Type)).ToArray();
        v = new AggVar(shape, names, element is not null);
        _aggregateVars[local] = v;
        return v;
    }

    private string NewScalarLocal(string preferred, string type)
    {
        string name = UniqueName(preferred);
        _locals.Add(new Local(name, type, false, type));
        return name;
    }

    private string NewLeafArray(string preferred, string elementType)
    {
        string name = UniqueName(preferred);
        _locals.Add(new Local(name, elementType + "[]", true, elementType));
        _arrays.Add(name);
        return name;
    }

    /// <summary>Fresh temporaries for one value of the shape.</summary>
    private List<Expr> NewAggregateTemps(AggregateShape shape, string hint) =>
        LeavesOf(shape).Select(l => (Expr)new Ref(l.Type, NewTemp(hint + "_" + l.Path.Replace('.', '_'), l.Type))).ToList();

    private List<Expr> Refs(AggVar v) => LeavesOf(v.Shape).Select((l, i) => (Expr)new Ref(l.Type, v.Leaves[i])).ToList();

    private AggVar? AggregateArray(IOperation op)
    {
        while (op is IConversionOperation { Conversion.IsIdentity: true } or IConversionOperation { Operand.Type: IArrayTypeSymbol } or IParenthesizedOperation)
        {
            op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
        }
        AggVar? v = op switch
        {
            ILocalReferenceOperation l when AggregateElement(l.Type) is not null => LocalAggregate(l.Local, op),
            IParameterReferenceOperation p => _aggregateVars.TryGetValue(p.Parameter, out AggVar? pv) ? pv : null,
            _ => null,
        };
        return v is { IsArray: true } ? v : null;
    }

    private bool ThisBound(ITypeSymbol? type) =>
        _thisStack.Count > 0 && SymbolEqualityComparer.Default.Equals(_thisStack[_thisStack.Count - 1].Type, type);

    private static IOperation? InstanceOf(IOperation op) => op switch
    {
        IFieldReferenceOperation f => f.Instance,
        IPropertyReferenceOperation p => p.Instance,
        _ => null,
    };

    private bool IsAggregateInstance(IOperation? instance) =>
        instance is not null && IsAggregate(instance.Type) && (instance is not IInstanceReferenceOperation || ThisBound(instance.Type));

    /// <summary>The index of the first leaf of member <paramref name="name"/> and the member; -1 when it is not state.</summary>
    private static (int Offset, AggregateMember? Member) MemberOffset(AggregateShape shape, string name)
    {
        int offset = 0;
        foreach (AggregateMember m in shape.Members)
        {
            if (m.Name == name) return (offset, m);
            offset += m.Nested is null ? 1 : m.Nested.Leaves().Count;
        }
        return (-1, null);
    }

    private static string MemberName(IOperation op) => op switch
    {
        IFieldReferenceOperation f => f.Field.AssociatedSymbol?.Name ?? f.Field.Name,
        IPropertyReferenceOperation p => p.Property.Name,
        _ => "",
    };

    // ---------------------------------------------------------------- expressions

    /// <summary>Scalar-valued expressions that read aggregates (members, calls, operators); null when none is involved.</summary>
    private Expr? LowerAggregateScalar(IOperation op, string type)
    {
        switch (op)
        {
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when IsAggregateInstance(InstanceOf(op)) && !IsAggregate(op.Type):
                return AggregateMemberRead(op, type);
            case IPropertyReferenceOperation { Property: { IsIndexer: true, GetMethod: IMethodSymbol getter } } indexer
                when IsAggregateInstance(indexer.Instance) && !IsAggregate(op.Type) && AggregateShapes.NumericsName(indexer.Instance!.Type) is null:
                // v[i] of a struct's own indexer (public double this[int i] => i switch { … }): its getter inlined, as a
                // computed property's is, with the index as its argument.
                return InlineMember(op, getter, indexer.Instance, indexer.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList(), type).Scalar ?? new Lit(type, 0);
            case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" } len when len.Instance is not null && AggregateArray(len.Instance) is AggVar array:
                return new Len(array.Leaves[0]);
            case IInvocationOperation call when !IsAggregate(call.Type) && InvolvesAggregates(call):
                return AggregateCall(call, type).Scalar ?? new Lit(type, 0);
            case IBinaryOperation bin when !IsAggregate(bin.Type) && (IsAggregate(bin.LeftOperand.Type) || IsAggregate(bin.RightOperand.Type)):
                return AggregateOperator(bin, bin.OperatorMethod, new[] { bin.LeftOperand, bin.RightOperand }, type).Scalar ?? new Lit(type, 0);
            case IOperation when IsAggregate(op.Type) && op is not IInstanceReferenceOperation:
                return Refuse(op, type, $"Using the value '{Short(op)}' of type '{op.Type!.Name}' here", "read its members, pass it to a helper declared in source, or to a method of the type");
            default:
                return null;
        }
    }

    private Expr AggregateMemberRead(IOperation op, string type)
    {
        IOperation instance = InstanceOf(op)!;
        AggregateShape? shape = ShapeOf(instance.Type!, op);
        if (shape is null) return new Lit(type, 0);
        var (offset, member) = MemberOffset(shape, MemberName(op));
        if (member is null)
        {
            // A computed property: System.Numerics' own, or the getter inlined.
            if (op is IPropertyReferenceOperation prop && prop.Property.GetMethod is IMethodSymbol getter)
            {
                if (AggregateShapes.NumericsName(instance.Type) is string numerics) return NumericsScalar(op, numerics, instance, new List<IOperation>(), prop.Property.Name, type);
                return InlineMember(op, getter, instance, new List<IOperation>(), type).Scalar ?? new Lit(type, 0);
            }
            return Refuse(op, type, $"Reading '{Short(op)}'", "read fields and properties of the struct");
        }
        List<Expr>? leaves = LowerAggregate(instance);
        return leaves is null ? new Lit(type, 0) : E.To(type, leaves[offset]);
    }

    private bool InvolvesAggregates(IInvocationOperation call) =>
        call.TargetMethod.MethodKind is not MethodKind.LocalFunction || LocalFunctionTakesAggregates(call.TargetMethod) ? InvolvesAggregatesCore(call) : false;

    private static bool LocalFunctionTakesAggregates(IMethodSymbol fn) =>
        IsAggregate(fn.ReturnType) || fn.Parameters.Any(p => IsAggregate(p.Type) || AggregateElement(p.Type) is not null);

    private bool InvolvesAggregatesCore(IInvocationOperation call) =>
        IsAggregate(call.Type) || IsAggregateInstance(call.Instance) ||
        call.Arguments.Any(a => IsAggregate(a.Value.Type) || AggregateElement(a.Value.Type) is not null || a.Parameter is not null && (IsAggregate(a.Parameter.Type) || AggregateElement(a.Parameter.Type) is not null));

    /// <summary>A call that takes, returns or is made on an aggregate: System.Numerics built in, anything else inlined.</summary>
    private (Expr? Scalar, List<Expr>? Aggregate) AggregateCall(IInvocationOperation call, string type)
    {
        IMethodSymbol target = call.TargetMethod;
        var args = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        string? numerics = AggregateShapes.NumericsName(target.ContainingType);
        if (numerics is not null)
        {
            if (IsAggregate(call.Type)) return (null, NumericsValue(call, numerics, call.Instance, args, target.Name));
            return (NumericsScalar(call, numerics, call.Instance, args, target.Name, type), null);
        }
        if (DataTryGetAggregate(call, type) is Expr found) return (found, null);
        if (call.Instance is not null && !(call.Instance is IInstanceReferenceOperation && !ThisBound(call.Instance.Type)) && !IsAggregate(call.Instance.Type))
        {
            Unsupported(call, $"The call '{Short(call)}' on another object", "call static helpers, or methods of the struct");
            return (null, null);
        }
        IOperation? receiver = call.Instance is IInstanceReferenceOperation && !ThisBound(call.Instance.Type) ? null : call.Instance;
        return InlineMember(call, target, receiver, args, type);
    }

    /// <summary>A user-defined operator on an aggregate (inlined) or a System.Numerics one (built in).</summary>
    private (Expr? Scalar, List<Expr>? Aggregate) AggregateOperator(IOperation site, IMethodSymbol? method, IReadOnlyList<IOperation> operands, string type)
    {
        if (method is null)
        {
            Unsupported(site, $"The operator in '{Short(site)}'", "aggregates support the operators their type declares");
            return (null, null);
        }
        if (AggregateShapes.NumericsName(method.ContainingType) is string numerics)
        {
            if (IsAggregate(method.ReturnType)) return (null, NumericsValue(site, numerics, null, operands.ToList(), method.Name));
            return (NumericsScalar(site, numerics, null, operands.ToList(), method.Name, type), null);
        }
        return InlineMember(site, method, null, operands, type);
    }

    /// <summary>The leaves of an aggregate-valued expression, left to right; null (reported) when unsupported.</summary>
    private List<Expr>? LowerAggregate(IOperation op)
    {
        _ct.ThrowIfCancellationRequested();
        switch (op)
        {
            case IParenthesizedOperation paren:
                return LowerAggregate(paren.Operand);
            case IConversionOperation { Conversion.IsIdentity: true } conv:
                return LowerAggregate(conv.Operand);
            case IConversionOperation { OperatorMethod: null } conv when conv.Operand.Type is null || SymbolEqualityComparer.Default.Equals(conv.Operand.Type, conv.Type):
                // Target-typed new(…) and other conversions of a value to its own type.
                return LowerAggregate(conv.Operand);
            case ILocalReferenceOperation local:
                return LocalAggregate(local.Local, op) is AggVar lv ? Refs(lv) : null;
            case IParameterReferenceOperation p when _aggregateVars.TryGetValue(p.Parameter, out AggVar? pv) && !pv.IsArray:
                return Refs(pv);
            case IInstanceReferenceOperation when ThisBound(op.Type):
                return _thisStack[_thisStack.Count - 1].Leaves.ToList();
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when IsAggregateInstance(InstanceOf(op)):
            {
                AggregateShape? outer = ShapeOf(InstanceOf(op)!.Type!, op);
                if (outer is null) return null;
                var (offset, member) = MemberOffset(outer, MemberName(op));
                if (member?.Nested is null)
                {
                    if (op is IPropertyReferenceOperation { Property.GetMethod: IMethodSymbol getter } && member is null)
                    {
                        if (AggregateShapes.NumericsName(InstanceOf(op)!.Type) is string n) return NumericsValue(op, n, InstanceOf(op), new List<IOperation>(), getter.AssociatedSymbol!.Name);
                        return InlineMember(op, getter, InstanceOf(op), new List<IOperation>(), TypeClassifier.Text(op.Type!)).Aggregate;
                    }
                    Unsupported(op, $"Reading '{Short(op)}'", "read fields and properties of the struct");
                    return null;
                }
                List<Expr>? all = LowerAggregate(InstanceOf(op)!);
                return all?.Skip(offset).Take(member.Nested.Leaves().Count).ToList();
            }
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when Receiverless(op):
            {
                // A static or this-instance member: data, read leaf by leaf.
                AggregateShape? shape = ShapeOf(op.Type!, op);
                if (shape is null) return null;
                string text = OpaqueText(op);
                return LeavesOf(shape).Select(l => (Expr)new Opaque(l.Type, text + "." + l.Path)).ToList();
            }
            case IArrayElementReferenceOperation elem when elem.Indices.Length == 1 && AggregateArray(elem.ArrayReference) is AggVar array:
            {
                Expr index = Once(HoistCalls(LowerExpr(elem.Indices[0]), _sink));
                return LeavesOf(array.Shape).Select((l, i) => (Expr)new Elem(l.Type, array.Leaves[i], index)).ToList();
            }
            case IArrayElementReferenceOperation elem when DataArrayAggregate(elem) is List<Expr> data:
                return data;
            case IObjectCreationOperation create:
                return LowerAggregateCreation(create);
            case IWithOperation with:
            {
                AggregateShape? shape = ShapeOf(with.Type!, op);
                List<Expr>? source = shape is null ? null : LowerAggregate(with.Operand);
                if (source is null) return null;
                List<Expr> copy = NewAggregateTemps(shape!, "with");
                AssignLeaves(copy, source, _sink);
                return ApplyInitializer(with.Initializer, with.Type!, copy) ? copy : null;
            }
            case IDefaultValueOperation:
            {
                AggregateShape? shape = ShapeOf(op.Type!, op);
                return shape is null ? null : LeavesOf(shape).Select(l => (Expr)new Lit(l.Type, 0)).ToList();
            }
            case IInvocationOperation call:
                return AggregateCall(call, TypeClassifier.Text(call.Type!)).Aggregate;
            case IBinaryOperation bin:
                return AggregateOperator(bin, bin.OperatorMethod, new[] { bin.LeftOperand, bin.RightOperand }, TypeClassifier.Text(bin.Type!)).Aggregate;
            case IUnaryOperation un:
                return AggregateOperator(un, un.OperatorMethod, new[] { un.Operand }, TypeClassifier.Text(un.Type!)).Aggregate;
            case IConversionOperation conv when AggregateShapes.NumericsName(conv.Type) == "Complex" && !IsAggregate(conv.Operand.Type):
                return new List<Expr> { E.To("double", LowerExpr(conv.Operand)), new Lit("double", 0) };
            case IConversionOperation { OperatorMethod: IMethodSymbol conversion } conv when conversion.DeclaringSyntaxReferences.Length > 0:
                return InlineMember(conv, conversion, null, new[] { conv.Operand }, TypeClassifier.Text(conv.Type!)).Aggregate;
            case IConditionalOperation cond when cond.WhenFalse is not null:
            {
                Expr c = Once(LowerCondition(cond.Condition));
                var pre = new List<Stmt>();
                List<Expr>? a, b;
                using (Sink(pre)) a = LowerAggregate(cond.WhenTrue);
                var preB = new List<Stmt>();
                using (Sink(preB)) b = LowerAggregate(cond.WhenFalse);
                if (a is null || b is null) return null;
                if (pre.Count > 0 || preB.Count > 0)
                {
                    // Only the branch taken runs: each side's statements and values go into its own arm.
                    if (ShapeOf(cond.Type!, op) is not AggregateShape chosen) return null;
                    List<Expr> result = NewAggregateTemps(chosen, "chosen");
                    AssignLeaves(result, a, pre);
                    AssignLeaves(result, b, preB);
                    _sink.Add(new If(c, pre.ToEquatable(), preB.ToEquatable()));
                    return result;
                }
                return a.Zip(b, (x, y) => E.If(c, x, y)).ToList();
            }
            default:
                Unsupported(op, $"The aggregate expression '{Short(op)}'", "build structs with constructors, object initializers, with-expressions, operators and methods of the type");
                return null;
        }
    }

    /// <summary><c>new T(…) { … }</c>: a System.Numerics value, a record's positional constructor, or an inlined constructor body.</summary>
    private List<Expr>? LowerAggregateCreation(IObjectCreationOperation create)
    {
        ITypeSymbol type = create.Type!;
        AggregateShape? shape = ShapeOf(type, create);
        if (shape is null) return null;
        var args = create.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        List<Expr> self;
        if (AggregateShapes.NumericsName(type) is string numerics)
        {
            List<Expr>? built = NumericsValue(create, numerics, null, args, ".ctor");
            if (built is null) return null;
            self = NewAggregateTemps(shape, char.ToLowerInvariant(numerics[0]) + numerics.Substring(1));
            AssignLeaves(self, built, _sink);
        }
        else
        {
            IMethodSymbol? ctor = create.Constructor;
            bool primary = ctor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct) is TypeDeclarationSyntax;
            bool initializers = HasInitializers(type);
            if (initializers && primary)
            {
                // A primary constructor's initializers may read its parameters, in declaration order with the properties.
                Unsupported(create, $"Creating a '{type.Name}', whose members have initializers beside a primary constructor", "set the members in a constructor's body, or drop the initializers");
                return null;
            }
            self = NewAggregateTemps(shape, char.ToLowerInvariant(type.Name[0]) + type.Name.Substring(1));
            var leaves = LeavesOf(shape);
            for (int i = 0; i < self.Count; i++)
            {
                if (leaves[i].Floating || ExprPrinterIsNumeric(leaves[i].Type)) _sink.Add(new Assign(self[i], new Lit(leaves[i].Type, 0)));
            }
            // Member initializers run in every constructor that does not call another (: this(…) is refused), before
            // its body; a struct's new T() without a declared parameterless constructor is all zeros and runs none.
            if (initializers && (!type.IsValueType || ctor is { IsImplicitlyDeclared: false }) && !RunMemberInitializers(type, shape, self, create)) return null;
            if (ctor is not null && !ctor.IsImplicitlyDeclared)
            {
                if (ctor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct) is TypeDeclarationSyntax)
                {
                    // A record's positional constructor: each parameter initializes the property of its name.
                    List<List<Expr>>? parts = LowerParts(args);
                    if (parts is null) return null;
                    for (int i = 0; i < ctor.Parameters.Length; i++)
                    {
                        var (offset, member) = MemberOffset(shape, ctor.Parameters[i].Name);
                        if (member is null)
                        {
                            Unsupported(create, $"The constructor parameter '{ctor.Parameters[i].Name}'", "name each positional parameter after its property");
                            return null;
                        }
                        AssignLeaves(self.Skip(offset).Take(parts[i].Count).ToList(), parts[i], _sink);
                    }
                }
                else
                {
                    InlineMember(create, ctor, null, args, "void", constructing: self);
                }
            }
        }
        return create.Initializer is null || ApplyInitializer(create.Initializer, type, self) ? self : null;
    }

    /// <summary><c>public double Stiffness = 40.0;</c> and <c>public double K { get; set; } = 2;</c>, in declaration order, into <paramref name="self"/>.</summary>
    private bool RunMemberInitializers(ITypeSymbol type, AggregateShape shape, List<Expr> self, IOperation site)
    {
        foreach (ISymbol member in type.GetMembers().Where(m => !m.IsStatic && m is IFieldSymbol or IPropertySymbol))
        {
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax(_ct);
                EqualsValueClauseSyntax? clause = node switch
                {
                    VariableDeclaratorSyntax v => v.Initializer,
                    PropertyDeclarationSyntax p => p.Initializer,
                    _ => null,
                };
                if (clause is null) continue;
                IOperation? value = ModelOf(node.SyntaxTree).GetOperation(clause, _ct) switch
                {
                    IFieldInitializerOperation f => f.Value,
                    IPropertyInitializerOperation p => p.Value,
                    _ => null,
                };
                var (offset, m) = MemberOffset(shape, member.Name);
                if (value is null || m is null)
                {
                    Unsupported(site, $"The initializer of '{type.Name}.{member.Name}'", "set the member in a constructor's body");
                    return false;
                }
                if (m.Nested is not null)
                {
                    List<Expr>? leaves = LowerAggregate(value);
                    if (leaves is null) return false;
                    AssignLeaves(self.Skip(offset).Take(leaves.Count).ToList(), leaves, _sink);
                }
                else
                {
                    _sink.Add(new Assign(self[offset], E.To(self[offset].Type, HoistCalls(LowerExpr(value), _sink))));
                }
            }
        }
        return true;
    }

    private static bool ExprPrinterIsNumeric(string t) => t is "int" or "long" or "short" or "byte" or "uint" or "ulong" or "sbyte" or "ushort";

    private bool HasInitializers(ITypeSymbol type) =>
        type.GetMembers().Where(m => !m.IsStatic).SelectMany(m => m.DeclaringSyntaxReferences).Select(r => r.GetSyntax(_ct)).Any(s =>
            s is VariableDeclaratorSyntax { Initializer: not null } || s is PropertyDeclarationSyntax { Initializer: not null });

    /// <summary><c>{ X = …, Pos = … }</c> of an object creation or a with-expression, into the value's leaves.</summary>
    private bool ApplyInitializer(IObjectOrCollectionInitializerOperation initializer, ITypeSymbol type, List<Expr> self)
    {
        if (ShapeOf(type, initializer) is not AggregateShape shape) return false;
        foreach (IOperation init in initializer.Initializers)
        {
            if (init is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } } assign)
            {
                Unsupported(init, $"The initializer '{Short(init)}'", "assign members one by one: { X = …, Y = … }");
                return false;
            }
            var (offset, member) = MemberOffset(shape, MemberName(assign.Target));
            if (member is null)
            {
                // { Diameter = 3 }: the setter inlined on the value being built (MethodLowering.Setters.cs).
                if (!InitializeThroughSetter(assign, self)) return false;
                continue;
            }
            if (member.Nested is not null)
            {
                List<Expr>? value = LowerAggregate(assign.Value);
                if (value is null) return false;
                AssignLeaves(self.Skip(offset).Take(value.Count).ToList(), value, _sink);
            }
            else
            {
                _sink.Add(new Assign(self[offset], E.To(self[offset].Type, HoistCalls(LowerExpr(assign.Value), _sink))));
            }
        }
        return true;
    }

    /// <summary>Each operation's leaves (a scalar is one leaf), left to right, earlier ones saved when a later one has effects.</summary>
    private List<List<Expr>>? LowerParts(IEnumerable<IOperation> operands)
    {
        var result = new List<List<Expr>>();
        foreach (IOperation op in operands)
        {
            var pre = new List<Stmt>();
            List<Expr>? part;
            using (Sink(pre)) part = IsAggregate(op.Type) ? LowerAggregate(op) : new List<Expr> { LowerExpr(op) };
            if (part is null) return null;
            if (pre.Count > 0)
            {
                foreach (List<Expr> earlier in result)
                {
                    for (int i = 0; i < earlier.Count; i++) earlier[i] = Spill(earlier[i]);
                }
                _sink.AddRange(pre);
            }
            result.Add(part);
        }
        return result;
    }

    /// <summary>Targets ← values, all values computed before any target is written when they read a target.</summary>
    private void AssignLeaves(List<Expr> targets, List<Expr> values, List<Stmt> output)
    {
        var written = new HashSet<string>(targets.Select(t => t is Elem el ? el.Array : t is Ref r ? r.Name : ""));
        bool needTemps = values.Any(v => Ir.Reads(v).Any(written.Contains));
        var ready = new List<Expr>();
        using (Sink(output))
        {
            foreach (Expr v in values)
            {
                Expr h = HoistCalls(v, output);
                ready.Add(needTemps && h is not Lit ? Spill(h) : h);
            }
        }
        for (int i = 0; i < targets.Count; i++) output.Add(new Assign(targets[i], E.To(targets[i].Type, ready[i])));
    }

    // ---------------------------------------------------------------- inlining

    /// <summary>
    /// Inlines a method declared in source (a constructor, operator, method or getter of an aggregate, or a helper or
    /// local function taking or returning aggregates). Arguments are copied into fresh locals (arrays are aliased);
    /// <paramref name="receiver"/>'s leaves become <c>this</c> (a variable receiver is written by a mutating method,
    /// anything else is copied first). Returns the scalar result, or the leaves of an aggregate result.
    /// </summary>
    private (Expr? Scalar, List<Expr>? Aggregate) InlineMember(IOperation site, IMethodSymbol method, IOperation? receiver, IReadOnlyList<IOperation> args, string type, List<Expr>? constructing = null,
                                                               List<List<Expr>>? loweredArgs = null)
    {
        method = method.OriginalDefinition;
        IOperation? body = BodyOf(method, site);
        if (body is null) return (null, null);
        if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, method)))
        {
            Unsupported(site, $"The recursive call of '{method.Name}'", "a member that takes or returns a struct is inlined; write it without recursion");
            return (null, null);
        }
        if (method.IsGenericMethod || method.IsAsync || method.Parameters.Length != args.Count)
        {
            Unsupported(site, $"Calling '{method.Name}'", "inlined members must be non-generic, synchronous, and called with every argument");
            return (null, null);
        }

        List<Expr>? self = constructing;
        if (constructing is null && !method.IsStatic && method.MethodKind != MethodKind.LocalFunction)
        {
            if (receiver is null || !IsAggregate(receiver.Type))
            {
                Unsupported(site, $"The call '{Short(site)}'", "call members of structs on a struct value");
                return (null, null);
            }
            if (!method.IsReadOnly && !receiver.Type!.IsReadOnly && receiver is not IInstanceReferenceOperation && InstanceOf(receiver) is { } owner && RecordOnPath(owner) is IOperation record)
            {
                // A mutating method on a struct inside a record writes the record (see RecordOnPath).
                Unsupported(site, $"Calling the mutating method '{method.Name}' on a member of the record '{record.Type!.Name}'", "records are values here: build a new one with a with-expression, or make the method readonly");
                return (null, null);
            }
            self = LowerAggregate(receiver);
            if (self is null) return (null, null);
            // A variable receiver is the variable (a mutating method writes it); any other value is copied once.
            if (!self.All(l => l is Ref || l is Elem { Index: Ref or Lit }))
            {
                if (ShapeOf(receiver.Type!, site) is not AggregateShape receiverShape) return (null, null);
                List<Expr> copy = NewAggregateTemps(receiverShape, "self");
                AssignLeaves(copy, self, _sink);
                self = copy;
            }
        }

        // Arguments are evaluated in the caller's scope before the callee's names are reset.
        var bound = new List<(IParameterSymbol P, List<Expr>? Leaves, string? Alias, AggVar? Array)>();
        // A setter's value arrives lowered (MethodLowering.Setters.cs): it may combine the getter's value with the right side.
        var lowered = loweredArgs is null ? LowerPartsForCall(method, args, site) :
            method.Parameters.Select((p, i) => (p, (List<Expr>?)loweredArgs[i], (string?)null, (AggVar?)null)).ToList();
        if (lowered is null) return (null, null);
        bound.AddRange(lowered);

        foreach (ISymbol declared in _names.Keys.Where(s => IsWithin(s, method)).ToList()) _names.Remove(declared);
        foreach (ILocalSymbol declared in _tupleLocals.Keys.Where(s => IsWithin(s, method)).ToList()) _tupleLocals.Remove(declared);
        foreach (ISymbol declared in _aggregateVars.Keys.Where(s => IsWithin(s, method)).ToList()) _aggregateVars.Remove(declared);
        foreach (var (p, leaves, alias, array) in bound)
        {
            if (array is not null) { _aggregateVars[p] = array; continue; }
            if (alias is not null) { _names[p] = alias; _arrays.Add(alias); continue; }
            if (IsAggregate(p.Type))
            {
                if (ShapeOf(p.Type, site) is not AggregateShape shape) return (null, null);
                string owner = UniqueName(p.Name);
                var names = LeavesOf(shape).Select(l => NewScalarLocal(Flat(owner, l.Path), l.Type)).ToArray();
                AssignLeaves(Refs(new AggVar(shape, names, false)), leaves!, _sink);
                _aggregateVars[p] = new AggVar(shape, names, false);
            }
            else
            {
                string name = NewLocal(p.Name, p.Type);
                _names[p] = name;
                _sink.Add(new Assign(new Ref(TypeClassifier.Text(p.Type), name), E.To(TypeClassifier.Text(p.Type), HoistCalls(leaves![0], _sink))));
            }
        }

        bool returnsAggregate = IsAggregate(method.ReturnType);
        List<Expr>? result = null;
        if (returnsAggregate)
        {
            AggregateShape? shape = ShapeOf(method.ReturnType, site);
            if (shape is null) return (null, null);
            result = NewAggregateTemps(shape, method.Name.Length > 0 && char.IsLetter(method.Name[0]) ? char.ToLowerInvariant(method.Name[0]) + method.Name.Substring(1) : "result");
            _aggregateReturns.Add(result);
        }
        if (self is not null) _thisStack.Add((method.ContainingType, self));
        _inlining.Add(method);
        var inner = new List<Stmt>();
        int loopDepth = _loopDepth;
        try
        {
            if (body is IBlockOperation block)
            {
                foreach (IOperation op in block.Operations) LowerStatement(op, inner);
            }
            else
            {
                LowerStatement(body, inner);
            }
        }
        finally
        {
            _loopDepth = loopDepth;
            _inlining.RemoveAt(_inlining.Count - 1);
            if (self is not null) _thisStack.RemoveAt(_thisStack.Count - 1);
            if (returnsAggregate) _aggregateReturns.RemoveAt(_aggregateReturns.Count - 1);
        }

        bool returnsScalar = !method.ReturnsVoid && !returnsAggregate && method.MethodKind != MethodKind.Constructor;
        List<Stmt> structured = Structurize.Run(inner, !returnsScalar, returnsScalar ? TypeClassifier.Text(method.ReturnType) : "void", this);
        Expr? scalar = null;
        if (returnsScalar && structured.Count > 0 && structured[structured.Count - 1] is Return r)
        {
            structured.RemoveAt(structured.Count - 1);
            scalar = E.To(type == "void" ? r.Value.Type : type, r.Value);
        }
        _sink.AddRange(structured);
        if (returnsScalar && scalar is null) scalar = new Lit(type, 0);
        return (scalar, result);
    }

    private List<(IParameterSymbol P, List<Expr>? Leaves, string? Alias, AggVar? Array)>? LowerPartsForCall(IMethodSymbol method, IReadOnlyList<IOperation> args, IOperation site)
    {
        var result = new List<(IParameterSymbol, List<Expr>?, string?, AggVar?)>();
        var values = new List<IOperation>();
        var valueIndex = new List<int>();
        for (int i = 0; i < args.Count; i++)
        {
            IParameterSymbol p = method.Parameters[i];
            if (p.RefKind is RefKind.Ref or RefKind.Out)
            {
                Unsupported(site, $"Passing '{Short(args[i])}' by {p.RefKind.ToString().ToLowerInvariant()} to '{method.Name}'", "return the value instead");
                return null;
            }
            if (AggregateElement(p.Type) is not null)
            {
                AggVar? array = AggregateArray(args[i]);
                if (array is null)
                {
                    Unsupported(args[i], $"Passing '{Short(args[i])}'", "pass an array parameter or local array of the struct");
                    return null;
                }
                result.Add((p, null, null, array));
            }
            else if (TypeClassifier.ElementOf(p.Type, out _, out _) is not null)
            {
                result.Add((p, null, ArrayName(args[i]), null));
            }
            else
            {
                result.Add((p, null, null, null));
                values.Add(args[i]);
                valueIndex.Add(i);
            }
        }
        List<List<Expr>>? parts = LowerParts(values);
        if (parts is null) return null;
        for (int k = 0; k < parts.Count; k++) result[valueIndex[k]] = (result[valueIndex[k]].Item1, parts[k], null, null);
        return result;
    }

    /// <summary>The body of a source method, constructor, operator, accessor or local function; null (reported) without one.</summary>
    private IOperation? BodyOf(IMethodSymbol method, IOperation site)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode node = reference.GetSyntax(_ct);
            SemanticModel model = node.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _semanticModel.Compilation.GetSemanticModel(node.SyntaxTree);
            if (node.ContainsDiagnostics) return null;
            IOperation? op = model.GetOperation(node, _ct);
            switch (op)
            {
                case IMethodBodyOperation mb when (mb.BlockBody ?? mb.ExpressionBody) is IOperation b:
                    return b;
                case IConstructorBodyOperation cb when cb.Initializer is null && (cb.BlockBody ?? cb.ExpressionBody) is IOperation b:
                    return b;
                case IConstructorBodyOperation:
                    Unsupported(site, $"The constructor of '{method.ContainingType.Name}' that calls another (: this(…))", "set every member in the constructor's body");
                    return null;
                case ILocalFunctionOperation lf when (lf.Body ?? lf.IgnoredBody) is IOperation b:
                    return b;
                case IBlockOperation b:
                    return b;
            }
        }
        Unsupported(site, $"The call of '{method.ContainingType?.Name}.{method.Name}'", "members that take, return or belong to a struct are inlined, so their source must be in this project");
        return null;
    }

    // ---------------------------------------------------------------- statements

    /// <summary>Whether a method declared in this compilation calls itself directly.</summary>
    private bool CallsItself(IMethodSymbol m) =>
        m.OriginalDefinition.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_ct)).Any(syntax => _semanticModel.Compilation.ContainsSyntaxTree(syntax.SyntaxTree) &&
            syntax.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => NamesMethod(i, m.Name) && ModelOf(i.SyntaxTree).GetSymbolInfo(i, _ct).Symbol is IMethodSymbol s &&
                                                                                   SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, m.OriginalDefinition)));

    /// <summary>An aggregate local's declaration (one assignment per leaf), or an array of aggregates (one array per leaf).</summary>
    private bool LowerAggregateDeclarator(IVariableDeclaratorOperation d, IOperation? init, List<Stmt> output)
    {
        if (!IsAggregate(d.Symbol.Type) && AggregateElement(d.Symbol.Type) is null) return false;
        AggVar? v = LocalAggregate(d.Symbol, d);
        if (v is null || init is null) return true;
        if (v.IsArray)
        {
            if (init is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } create && _loopDepth == 0)
            {
                Expr length = Once(HoistCalls(LowerExpr(create.DimensionSizes[0]), output));
                var leaves = LeavesOf(v.Shape);
                for (int i = 0; i < leaves.Count; i++) output.Add(new NewArray(v.Leaves[i], leaves[i].Type, length));
            }
            else if (_loopDepth == 0 && StructArrayElements(init) is IReadOnlyList<IOperation> elements)
            {
                // Node[] anchors = { new(0, 0), new(2, 0) } (also new Node[] { … }, [ … ] and tuples): one array per leaf, then
                // each element's leaves, in order, as C# evaluates the initializer.
                var leaves = LeavesOf(v.Shape);
                for (int i = 0; i < leaves.Count; i++) output.Add(new NewArray(v.Leaves[i], leaves[i].Type, new Lit("int", elements.Count)));
                for (int k = 0; k < elements.Count; k++)
                {
                    // (double X, double Y)[] pts = { (x[0], x[1]), … }: a tuple element is its elements, as pts[k] = (a, b) writes them.
                    List<Expr>? element = IsTuple(elements[k].Type) ? LowerTuple(elements[k]) : LowerAggregate(elements[k]);
                    if (element is null) return true;
                    AssignLeaves(leaves.Select((leaf, i) => (Expr)new Elem(leaf.Type, v.Leaves[i], new Lit("int", k))).ToList(), element, output);
                }
            }
            else if (Unwrap(init) is IInvocationOperation call)
            {
                // A helper's array of structs: no generated member returns an array, so only an inlined helper could give
                // one, and aggregate helpers are inlined only when not recursive (corpus ComplexFftRecursive).
                string what = $"The array of structs ('{d.Symbol.Type.ToDisplayString()}') that '{call.TargetMethod.Name}' returns";
                Unsupported(init, what, CallsItself(call.TargetMethod)
                    ? "a recursive helper cannot return an array of structs to a [Differentiable] method (derivative members return scalars or write outputs, and recursion cannot be inlined); " +
                      "compute it in the method with loops over local arrays (for an FFT: the bit-reversal permutation, then the butterfly passes), or return one double[] per member"
                    : "allocate it here with new T[n] and fill it with loops, or have the helper return one double[] per member (helpers returning double[] are inlined)");
            }
            else
            {
                Unsupported(init, "This array of structs", "allocate it once, outside loops, with new T[n], and set its elements");
            }
            return true;
        }
        List<Expr>? values = LowerAggregate(init);
        if (values is not null) AssignLeaves(Refs(v), values, output);
        return true;
    }

    /// <summary>The elements of a 1-D array initializer or collection expression of structs; null for any other initializer.</summary>
    private static IReadOnlyList<IOperation>? StructArrayElements(IOperation init) => init switch
    {
        IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } initializer } => initializer.ElementValues,
        IConversionOperation { Operand: var operand } => StructArrayElements(operand),
        ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation) => collection.Elements,
        _ => null,
    };

    /// <summary><c>p = q</c>, <c>sum += term</c>, <c>ps[i] = v</c> and <c>body.Pos = v</c> for aggregate targets.</summary>
    private void LowerAggregateAssignment(IAssignmentOperation assign, List<Stmt> output)
    {
        List<Expr>? targets = AggregateTargets(assign.Target);
        if (targets is null) return;
        List<Expr>? values = assign switch
        {
            ICompoundAssignmentOperation compound => AggregateOperator(assign, compound.OperatorMethod, new[] { assign.Target, assign.Value }, TypeClassifier.Text(assign.Target.Type!)).Aggregate,
            _ => LowerAggregate(assign.Value),
        };
        if (values is not null) AssignLeaves(targets, values, output);
    }

    /// <summary>The leaves of an aggregate variable (or member or element of one) about to be written; null (reported) otherwise.</summary>
    private List<Expr>? AggregateTargets(IOperation target)
    {
        if (!IsAggregate(target.Type)) return null;
        if (InstanceOf(target) is { } owner && RecordOnPath(owner) is IOperation record)
        {
            Unsupported(target, $"Writing a member of the record '{record.Type!.Name}'", "records are values here: build a new one with a with-expression");
            return null;
        }
        if (target is IArrayElementReferenceOperation elem && AggregateArray(elem.ArrayReference) is AggVar array && _readOnlyArrays.Contains(array.Leaves[0]))
        {
            Unsupported(target, $"Writing to the input array '{Short(elem.ArrayReference)}'", "inputs are read-only here: copy into a local array");
            return null;
        }
        List<Expr>? leaves = LowerAggregate(target);
        if (leaves is null) return null;
        if (!leaves.All(l => l is Ref || l is Elem))
        {
            Unsupported(target, $"Writing to '{Short(target)}'", "write aggregate locals, their members, and elements of local arrays");
            return null;
        }
        return leaves;
    }

    /// <summary>
    /// The record (a class) that <paramref name="instance"/> is or is reached through (<c>g</c> in <c>g.In.X</c>), if any.
    /// Scalar replacement makes records values, but two variables may hold one record, so a write through one
    /// (<c>var g = h; g.In.X = b;</c>) must show through the other: such writes are refused, not silently lost.
    /// </summary>
    private static IOperation? RecordOnPath(IOperation? instance)
    {
        for (IOperation? op = instance; op is not null; op = InstanceOf(op))
        {
            if (op.Type is { IsValueType: false, TypeKind: not TypeKind.Array }) return op;
        }
        return null;
    }

    /// <summary>
    /// <c>p.X = …</c>, <c>p.X += …</c>, <c>ps[i].X++</c>, <c>this.X = …</c> in an inlined constructor: the leaf written.
    /// False when the target is not a member of an aggregate.
    /// </summary>
    private bool TryAggregateMemberTarget(IOperation target, out Expr? leaf)
    {
        leaf = null;
        IOperation? instance = InstanceOf(target);
        if (!IsAggregateInstance(instance)) return false;
        if (RecordOnPath(instance) is IOperation record)
        {
            Unsupported(target, $"Writing a member of the record '{record.Type!.Name}'", "records are values here: build a new one with a with-expression");
            return true;
        }
        AggregateShape? shape = ShapeOf(instance!.Type!, target);
        if (shape is null) return true;
        var (offset, member) = MemberOffset(shape, MemberName(target));
        if (member is null)
        {
            Unsupported(target, $"Setting the computed property '{MemberName(target)}'", "set the struct's fields or auto-properties");
            return true;
        }
        if (instance is IArrayElementReferenceOperation elem && AggregateArray(elem.ArrayReference) is AggVar array && _readOnlyArrays.Contains(array.Leaves[0]))
        {
            Unsupported(target, $"Writing to the input array '{Short(elem.ArrayReference)}'", "inputs are read-only here: copy into a local array");
            return true;
        }
        List<Expr>? leaves = LowerAggregate(instance);
        if (leaves is null) return true;
        Expr l = leaves[offset];
        if (l is not (Ref or Elem))
        {
            Unsupported(target, $"Writing to '{Short(target)}'", "write members of aggregate locals and of elements of local arrays");
            return true;
        }
        leaf = l;
        return true;
    }

    /// <summary><c>return v;</c> inside an inlined member returning an aggregate: the value goes to the result's leaves.</summary>
    private bool LowerAggregateReturn(IReturnOperation ret, List<Stmt> output)
    {
        if (_aggregateReturns.Count == 0 || ret.ReturnedValue is null || !IsAggregate(ret.ReturnedValue.Type)) return false;
        List<Expr>? values = LowerAggregate(ret.ReturnedValue);
        if (values is not null) AssignLeaves(_aggregateReturns[_aggregateReturns.Count - 1], values, output);
        output.Add(new Jump(JumpKind.Return, null));
        return true;
    }

    /// <summary><c>foreach (var b in bodies)</c> over an array of aggregates.</summary>
    private bool LowerAggregateForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation control || !IsAggregate(control.Symbol.Type)) return false;
        IOperation collection = loop.Collection is IConversionOperation conv ? conv.Operand : loop.Collection;
        AggVar? array = AggregateArray(collection);
        AggVar? element = array is null ? null : LocalAggregate(control.Symbol, loop);
        if (array is null || element is null)
        {
            if (array is null) Unsupported(loop, "This foreach over structs", "iterate over an array parameter or local array of the struct");
            return true;
        }
        AggregateLoop(loop, output, element, i => LeavesOf(array.Shape).Select((l, k) => (Expr)new Elem(l.Type, array.Leaves[k], i)).ToList(), new Len(array.Leaves[0]));
        return true;
    }

    /// <summary><c>var (x, y) = p</c> of a positional record: the values of the properties its Deconstruct names.</summary>
    private List<Expr>? DeconstructAggregate(IOperation op)
    {
        IMethodSymbol? deconstruct = op.Type!.GetMembers("Deconstruct").OfType<IMethodSymbol>().SingleOrDefault();
        AggregateShape? shape = ShapeOf(op.Type!, op);
        if (shape is null) return null;
        if (deconstruct is null || deconstruct.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_ct) is MethodDeclarationSyntax))
        {
            Unsupported(op, $"Deconstructing a '{op.Type!.Name}'", "deconstruct positional records, or read the members");
            return null;
        }
        List<Expr>? leaves = LowerAggregate(op);
        if (leaves is null) return null;
        var parts = new List<Expr>();
        foreach (IParameterSymbol p in deconstruct.Parameters)
        {
            var (offset, member) = MemberOffset(shape, p.Name);
            if (member is null || member.Nested is not null)
            {
                Unsupported(op, $"Deconstructing '{p.Name}' of a '{op.Type!.Name}'", "deconstruct into scalar members, or read the members");
                return null;
            }
            parts.Add(leaves[offset]);
        }
        return parts;
    }
}
