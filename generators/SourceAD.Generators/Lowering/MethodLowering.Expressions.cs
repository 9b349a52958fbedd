using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Lowering;

internal sealed partial class MethodLowering
{
    /// <summary>The rewrite for a differentiated value converted to decimal, by cast or by a library call.</summary>
    private const string DecimalRewrite = "compute in double inside the [Differentiable] method and convert to decimal outside it";

    /// <summary>
    /// The generic-math constants of the floating type itself (<c>T.One</c>, <c>T.Pi</c>, …: static abstract properties
    /// of the System.Numerics interfaces, which Roslyn cannot fold). Only these are folded by name; a user's
    /// <c>static double One => 1.5</c> is read as what it is (Roslyn folds real <c>const</c>s itself).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, double> NumericsConstants = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>
    {
        ["Zero"] = 0, ["One"] = 1, ["NegativeOne"] = -1, ["Pi"] = Math.PI, ["E"] = Math.E, ["Tau"] = 2 * Math.PI,
    });

    /// <summary>The value of <c>T.Pi</c> and friends when <paramref name="property"/> is one of them; null otherwise.</summary>
    private static double? FloatingConstant(IPropertySymbol property)
    {
        if (!property.IsStatic || !TypeClassifier.IsFloating(property.Type) || !NumericsConstants.TryGetValue(property.Name, out double value)) return null;
        // T.One on a type parameter binds to the interface member; on double/float/Half to the type's own member.
        ISymbol declaring = property.OriginalDefinition.ContainingType;
        bool numericsInterface = declaring.ContainingNamespace?.ToDisplayString() == "System.Numerics";
        bool floatingType = TypeClassifier.IsFloating(property.ContainingType);
        return numericsInterface || floatingType ? value : null;
    }

    private Expr LowerExpr(IOperation op)
    {
        _ct.ThrowIfCancellationRequested();
        string type = op.Type is null ? "object" : TypeClassifier.Text(op.Type);
        if (op.ConstantValue.HasValue && op.ConstantValue.Value is object cv && op.Type is not null &&
            (op.Type.SpecialType is SpecialType.System_Boolean or >= SpecialType.System_SByte and <= SpecialType.System_Double))
        {
            return new Lit(type, cv is bool b ? (b ? 1 : 0) : Convert.ToDouble(cv, System.Globalization.CultureInfo.InvariantCulture));
        }
        // A list parameter is a span of the core, never data (MethodLowering.ListParameters.cs).
        if (_listParams.Count > 0 && LowerListRead(op, type) is Expr read) return read;
        if (op.ConstantValue is { HasValue: true, Value: string text } && op.Type?.SpecialType == SpecialType.System_String)
        {
            // A string constant (a switch arm's "call", a comparison with a passive string parameter): passive data.
            return new Opaque("string", Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true));
        }
        if (TryLowerDataRead(op, type) is Expr data) return data;
        switch (op)
        {
            case IOperation when LowerConstruct(op, type) is Expr construct:
                return construct;
            case ILocalReferenceOperation local when RefLocal(local.Local) is Expr at:
                return at;
            case ILocalReferenceOperation local:
                return new Ref(type, DeclareLocal(local.Local));
            case IParameterReferenceOperation p when _elementParameters.TryGetValue(p.Parameter, out Expr? element):
                return E.To(type, element);
            case IParameterReferenceOperation p:
                return new Ref(type, Name(p.Parameter, p.Parameter.Name));
            case IParenthesizedOperation paren:
                return LowerExpr(paren.Operand);
            case IBinaryOperation bin:
            {
                BinaryOp? o = OperatorKinds.Binary(bin.OperatorKind);
                // Operators of Half (a struct with operator methods) and generic-math interfaces are built in; other user operators are not.
                if (o is null || (bin.OperatorMethod is { } m && m.ContainingNamespace?.ToDisplayString() != "System.Numerics" &&
                                  !TypeClassifier.IsFloating(m.ContainingType) && !TypeClassifier.IsFloating(bin.Type)))
                {
                    Unsupported(op, $"The operator '{bin.OperatorKind}'", "use arithmetic, comparison and logical operators on numbers and bools");
                    return new Lit(type, 0);
                }
                if (o is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr) return LowerShortCircuit(bin, o.Value);
                var operands = LowerOperands(new[] { bin.LeftOperand, bin.RightOperand });
                return new Bin(type, o.Value, operands[0], operands[1]);
            }
            case IUnaryOperation un:
            {
                if (!OperatorKinds.Unary(un.OperatorKind, out UnaryOp? o)) { Unsupported(op, $"The operator '{un.OperatorKind}'", "use -, ! or ~"); return new Lit(type, 0); }
                Expr a = LowerExpr(un.Operand);
                return o is null ? a : new Un(type, o.Value, a);
            }
            case IConversionOperation conv:
            {
                if (conv.OperatorMethod is not null && !(conv.OperatorMethod.ContainingNamespace?.ToDisplayString() ?? "").StartsWith("System", StringComparison.Ordinal))
                {
                    Unsupported(op, "A user-defined conversion", "convert with built-in numeric casts");
                    return new Lit(type, 0);
                }
                if (conv.Operand.Type?.TypeKind == TypeKind.Enum && conv.Type is { TypeKind: not TypeKind.Enum } && !conv.IsImplicit)
                {
                    // (int)kind: a C# cast, passive. A Conv would print as a numeric conversion (int.CreateTruncating(kind)),
                    // which an enum does not satisfy (CS0315).
                    return CastRead(type, LowerExpr(conv.Operand));
                }
                if (conv.Type?.TypeKind == TypeKind.Enum && conv.Operand.Type is { TypeKind: not TypeKind.Enum })
                {
                    // The 0 of (options & LossOptions.Clip) != 0, (Kind)i: a C# cast to the enum, passive, for the same reason.
                    return CastRead(type, LowerExpr(conv.Operand));
                }
                if (TypeClassifier.IsFloating(conv.Operand.Type) && conv.Type?.SpecialType == SpecialType.System_Decimal)
                {
                    // (decimal)x is x to 28 significant digits, not a staircase: a derivative of 0 (what integer casts
                    // get) would be silently wrong, and decimal arithmetic has no adjoints here.
                    Unsupported(op, $"The conversion '{Short(op)}' of a differentiated value to decimal", DecimalRewrite);
                    return new Lit(type, 0);
                }
                Expr a = LowerExpr(conv.Operand);
                // An implicit reference conversion (a List<double> data parameter passed as IEnumerable<double> to
                // Enumerable.Average) is C#'s at the use site, so the operand prints as written: a Conv would print as
                // a numeric conversion (IEnumerable<double>.CreateTruncating(data)), which does not compile.
                if (conv.IsImplicit && conv.Conversion.IsReference) return a;
                if (TypeClassifier.IsFloating(conv.Operand.Type) && !TypeClassifier.IsFloating(conv.Type) && conv.Type?.SpecialType != SpecialType.System_Object)
                {
                    // (int)(x * x) truncates: piecewise constant, so the derivative is 0 (activity stops at non-floating types).
                    Report(DiagnosticDescriptors.ZeroDerivative, op.Syntax.GetLocation(), "(" + (conv.Type is null ? "integer" : conv.Type.ToDisplayString()) + ") conversion");
                }
                return a.Type == type ? a : new Conv(type, a);
            }
            case IConditionalOperation cond when cond.WhenFalse is not null:
                return LowerConditional(cond, type);
            case IArrayElementReferenceOperation elem when elem.Indices.Length == 1:
                return ElementOf(type, elem.ArrayReference, LowerExpr(elem.Indices[0]));
            case ICoalesceOperation { Value: IConditionalAccessOperation { WhenNotNull: IArrayElementReferenceOperation { ArrayReference: IConditionalAccessInstanceOperation } el } access } coalesce
                when el.Indices.Length == 1 && Unwrap(access.Operation) is IParameterReferenceOperation p && p.Type is IArrayTypeSymbol { Rank: 1 } &&
                     TypeClassifier.HasAttribute(p.Parameter, "SourceAD.NoDerivativeAttribute"):
            {
                // weights?[i] ?? 1.0 on an optional data array: weights is null ? 1.0 : weights[i], passive in its choice.
                var array = new Ref(TypeClassifier.Text(p.Type), ArrayName(access.Operation));
                Expr isNull = new DataRead("bool", "({0} is null)", EquatableArray.Of<Expr>(array));
                return new Cond(type, isNull, E.To(type, LowerExpr(coalesce.WhenNull)), E.To(type, ElementOf(TypeClassifier.Text(el.Type!), access.Operation, LowerExpr(el.Indices[0]))));
            }
            case IPropertyReferenceOperation prop when DataPairPart(prop, type) is Expr part:
                return part;
            case IPropertyReferenceOperation { Property.IsIndexer: true } idx when idx.Arguments.Length == 1 && idx.Instance is not null &&
                                                                                TypeClassifier.ElementOf(idx.Instance.Type!, out _, out _) is not null:
                return ElementOf(type, idx.Instance, LowerExpr(idx.Arguments[0].Value));
            case IPropertyReferenceOperation { Property.Name: "Length" } len when len.Instance is not null && TypeClassifier.ElementOf(len.Instance.Type!, out _, out _) is not null:
                return LengthOf(len.Instance);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation { Type.SpecialType: SpecialType.System_String } str }:
                // name.Length of a string local (a foreach over keys or names; a string parameter is a data parameter, read there): strings are
                // immutable data, so the length is a passive int read, as names[i].Length is (MethodLowering.DataArrays.cs).
                return new DataRead(type, "({0}).Length", new[] { LowerExpr(str) }.ToEquatable());
            case IPropertyReferenceOperation prop when prop.Instance is null && FloatingConstant(prop.Property) is double constant:
                return new Lit(type, constant);
            case IPropertyReferenceOperation or IFieldReferenceOperation when Receiverless(op):
                // Instance fields/properties and static members are read as passive constants.
                if (TypeClassifier.ElementOf(op.Type!, out _, out _) is not null)
                {
                    Unsupported(op, "Indexing a field or property array", "pass the array as a parameter (mark it [NoDerivative] if it is data)");
                    return new Lit(type, 0);
                }
                return new Opaque(type, OpaqueText(op));
            case IDefaultValueOperation:
                return new Lit(type, 0);
            case IInvocationOperation call:
                return LowerCall(call, type);
            case IArrayCreationOperation:
                Unsupported(op, "Creating an array inside an expression", "declare it as a local: var a = new T[n];");
                return new Lit(type, 0);
            case IAssignmentOperation or IIncrementOrDecrementOperation:
                return LowerEffectExpression(op, type);
            case IDelegateCreationOperation { Target: IMethodReferenceOperation } or IMethodReferenceOperation:
                Unsupported(op, $"The method group '{Short(op)}' passed as a delegate", $"write a lambda: v => {Short(op)}(v)");
                return new Lit(type, 0);
            case IObjectCreationOperation create when create.Type is { IsReferenceType: true }:
                // Objects of classes other than records (a Random, a StringBuilder, a user's class) have no adjoints here.
                Unsupported(op, $"Creating the '{create.Type.Name}' object", create.Type.ToDisplayString() == "System.Random"
                    ? "declare it as a seeded local (var rng = new Random(42);) and draw from it, or pass the draws in as a [NoDerivative] double[]"
                    : "pass the values it computes in as parameters, or make the type a struct or record of doubles");
                return new Lit(type, 0);
            default:
                Unsupported(op, $"The expression '{Short(op)}'", "see generators/README.md for the supported subset");
                return new Lit(type, 0);
        }
    }

    private static bool Receiverless(IOperation op)
    {
        IOperation? instance = op switch { IPropertyReferenceOperation p => p.Instance, IFieldReferenceOperation f => f.Instance, _ => null };
        return instance is null || instance is IInstanceReferenceOperation;
    }

    private static string OpaqueText(IOperation op)
    {
        ISymbol member = op switch { IPropertyReferenceOperation p => p.Property, IFieldReferenceOperation f => f.Field, _ => throw new InvalidOperationException() };
        return member.IsStatic ? TypeClassifier.Text(member.ContainingType) + "." + member.Name : "this." + member.Name;
    }

    private string ArrayName(IOperation op)
    {
        switch (op)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation when IsJaggedRow(op):
                // A row alias has no variable of its own; only inlined helpers take it (MethodLowering.NestedArrays.cs).
                Unsupported(op, $"Passing the row '{Short(op)}' of a jagged array to a call that is not inlined", "pass the jagged array and the row index, or copy the row into a local array");
                return "__invalid";
            case ILocalReferenceOperation l:
                return DeclareLocal(l.Local);
            case IParameterReferenceOperation p when AliasOf(p) is not null:
                // An inlined callee's parameter bound to a slice has no variable of its own (MethodLowering.InlineHelpers.cs).
                Unsupported(op, $"Using the slice parameter '{p.Parameter.Name}' of an inlined helper other than by indexing it, reading its Length or passing it on", "index it");
                return "__invalid";
            case IParameterReferenceOperation p:
                return Name(p.Parameter, p.Parameter.Name);
            case IConversionOperation c:
                return ArrayName(c.Operand);
            case IFieldReferenceOperation when DataArray(op) is string data:
                return data;
            case IFieldReferenceOperation f when NestedGradientArrayName(f) is string nested:
                return nested;
            case IArrayElementReferenceOperation { Type: IArrayTypeSymbol { Rank: 1 } rowType } row when DataText(row.ArrayReference) is not null:
            {
                // A row of a jagged data field (w.Dot(Features[i])) has no variable of its own to bind a helper's parameter to.
                string element = TypeClassifier.Text(rowType.ElementType), text = Short(op);
                Unsupported(op, $"Passing the row '{text}' of a jagged data field to a call",
                    $"copy the row into a local array first (var row = new {element}[{text}.Length]; for (int j = 0; j < row.Length; j++) row[j] = {text}[j];) and pass that, or read {text}[j] in a loop of this method");
                return "__invalid";
            }
            default:
                Unsupported(op, $"Indexing '{Short(op)}'", "index array or span parameters and local arrays directly");
                return "__invalid";
        }
    }

    /// <summary>An argument of a passive call: an enum constant (MidpointRounding.AwayFromZero) is printed as a cast of its value, a char constant as its literal.</summary>
    /// <summary>
    /// A C# cast to or from an enum, passive. An operand that is not a name, a literal or an element is parenthesized: (Stage)(1 &lt;&lt; k)
    /// printed as (Stage)1 &lt;&lt; k shifts the enum (CS0019), and (int)(a | b) as (int)a | b would not compile either.
    /// </summary>
    private static Expr CastRead(string type, Expr operand) =>
        new DataRead(type, operand is Ref or Lit or Elem ? $"(({type}){{0}})" : $"(({type})({{0}}))", new[] { operand }.ToEquatable());

    private Expr PassiveArgument(IOperation arg)
    {
        if (arg.Type is { TypeKind: TypeKind.Enum } e && arg.ConstantValue is { HasValue: true, Value: object v })
        {
            string t = TypeClassifier.Text(e);
            return new Opaque(t, $"(({t}){Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)})");
        }
        // A char constant (name.IndexOf('p')) is printed as its literal; LowerExpr has no char values.
        if (arg.Type?.SpecialType == SpecialType.System_Char && arg.ConstantValue is { HasValue: true, Value: char c })
            return new Opaque("char", Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true));
        // A static readonly table passed whole (Array.BinarySearch(KnotsX, t)) is its data alias, bound at the top.
        if (Unwrap(arg) is IFieldReferenceOperation or IPropertyReferenceOperation && arg.Type is IArrayTypeSymbol && DataArray(Unwrap(arg)) is string table)
            return new Ref(TypeClassifier.Text(arg.Type), table);
        return LowerExpr(arg);
    }

    /// <summary>
    /// Whether a passive call's argument may carry a derivative: a floating value that is not a constant, or floating
    /// numbers in an array, span or sequence other than a [NoDerivative] parameter or a data table.
    /// </summary>
    private bool CarriesDerivative(IOperation arg)
    {
        if (arg.ConstantValue.HasValue || arg.Type is not ITypeSymbol t) return false;
        if (TypeClassifier.IsFloating(t)) return true;
        bool numbers = TypeClassifier.ElementOf(t, out _, out _) is ITypeSymbol e && TypeClassifier.IsFloating(e) || TypeClassifier.FloatingSequenceElement(t) is not null;
        if (!numbers) return false;
        IOperation inner = Unwrap(arg);
        if (inner is IParameterReferenceOperation p && TypeClassifier.HasAttribute(p.Parameter, "SourceAD.NoDerivativeAttribute")) return false;
        return !(inner is IFieldReferenceOperation or IPropertyReferenceOperation && DataArray(inner) is not null);
    }

    private Expr LowerCall(IInvocationOperation call, string type, bool statement = false)
    {
        // FPushforward, FPullback, … of another [Differentiable] method (MethodLowering.NestedGradients.cs).
        if (RefuseGeneratedMember(call)) return new Lit(type, 0);
        if (DataCollectionLookup(call, type) is Expr lookup) return lookup;
        if (DataTryGetValue(call, type) is Expr found) return found;
        if (NestedPullback(call, type) is Expr pullback) return pullback;
        IMethodSymbol target = call.TargetMethod;
        string containing = target.ContainingType?.ToDisplayString() ?? "";
        string ns = target.ContainingType?.ContainingNamespace?.ToDisplayString() ?? "";
        var args = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();

        // Generic-math conversions: T.CreateChecked(x) and friends are casts.
        if (target.Name is "CreateChecked" or "CreateTruncating" or "CreateSaturating" && args.Count == 1 &&
            (ns == "System.Numerics" || TypeClassifier.IsFloating(call.Type)))
        {
            Expr a = LowerExpr(args[0]);
            if (TypeClassifier.IsFloating(args[0].Type) && !TypeClassifier.IsFloating(call.Type))
                Report(DiagnosticDescriptors.ZeroDerivative, call.Syntax.GetLocation(), Short(call));
            return a is Lit l ? new Lit(type, l.Value) : a.Type == type ? a : new Conv(type, a);
        }

        // Math.Round(x, digits), Round(x, mode), Round(x, digits, mode): piecewise constant like Round(x), whose table
        // row prints the one-argument form, so the value is this call itself, passive (derivative 0, SRCAD0101).
        if (containing is "System.Math" or "System.MathF" or "double" or "float" && target.Name == "Round" && args.Count > 1 && TypeClassifier.IsFloating(args[0].Type))
        {
            Report(DiagnosticDescriptors.ZeroDerivative, call.Syntax.GetLocation(), containing.Split('.').Last() + ".Round");
            return new PassiveCall(type, TypeClassifier.Text(target.ContainingType!) + ".Round", args.Select(PassiveArgument).ToEquatable());
        }
        var argTypes = args.Select(a => a.Type).ToList();
        string? row = PrimitiveBinding.Row(target, argTypes);
        if (row is null && containing == "SourceAD.Nonsmooth" && PrimitiveBinding.Reduction(target, argTypes) is string reduction)
            return Reduction(reduction, args[0], type);
        if (row is not null)
        {
            Primitive prim = PrimitiveTable.Get(row);
            var lowered = LowerOperands(args);
            if (prim.Kind == NonsmoothKind.Step)
            {
                if (TypeClassifier.IsFloating(call.Arguments[0].Value.Type))
                    Report(DiagnosticDescriptors.ZeroDerivative, call.Syntax.GetLocation(), containing.Split('.').Last() + "." + target.Name);
            }
            string argType = lowered[0].Type.Name;
            // Integer Max/Min/Abs and the like are passive: emit them at their own type.
            // Integer parameters (ScaleB's and RootN's n) keep their type.
            return new Prim(row == "Sign" ? "int" : type, row, lowered.Select((a, i) => a.Type == argType || !TypeClassifier.IsFloating(target.Parameters[i].Type) && TypeClassifier.IsFloating(target.Parameters[0].Type) ? a : new Conv(argType, a)).ToEquatable());
        }

        bool differentiable = TypeClassifier.HasAttribute(target.OriginalDefinition, PolicyResolver.MethodAttribute);
        bool implicitHelper = !differentiable && (TypeClassifier.IsFloating(call.Type) || statement && target.ReturnsVoid) &&
                              ImplicitHelpers.IsCandidate(target, _semanticModel.Compilation, _ct);
        if (!differentiable && !implicitHelper && !TypeClassifier.IsFloating(call.Type))
        {
            // A call without a floating value (double.IsNaN(x), an index computation) has nothing to differentiate.
            if (call.Type?.SpecialType == SpecialType.System_Decimal && args.Any(a => TypeClassifier.IsFloating(a.Type)))
            {
                // Convert.ToDecimal(x), decimal.CreateChecked(x): x to 28 digits, as the (decimal) cast in LowerExpr.
                Unsupported(call, $"The conversion '{Short(call)}' of a differentiated value to decimal", DecimalRewrite);
                return new Lit(type, 0);
            }
            if (call.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref or RefKind.Out))
            {
                Unsupported(call, $"The call '{Short(call)}' with ref or out arguments", TryGetValueRewrite(call) ?? "call it outside the [Differentiable] method");
                return new Lit(type, 0);
            }
            string fn = target.IsStatic ? TypeClassifier.Text(target.ContainingType!) + "." + target.Name : "this." + target.Name;
            if (PassiveStringCall(call, type, args) is Expr text) return text;
            if (PassiveEnumCall(call, type, args) is Expr flag) return flag;
            if (!target.IsStatic && call.Instance is not (null or IInstanceReferenceOperation))
            {
                Unsupported(call, $"The call '{Short(call)}' on another object", "call static helpers or methods of this instance");
                return new Lit(type, 0);
            }
            if (TypeClassifier.FloatingSequenceElement(call.Type!) is ITypeSymbol item && args.Any(CarriesDerivative) && !args.Any(a => Unwrap(a) is IDelegateCreationOperation))
            {
                // A sequence of numbers computed from a differentiated value (an iterator helper's yield return): a passive
                // call would hand its values on with no derivative, so Terms(x, n).Sum() would differentiate to 0. A query
                // with a delegate (x.Select(Box.Unit.Times)) is left to the delegate's own, more precise refusal below.
                string t = TypeClassifier.Text(item);
                // A LINQ stage the queries do not take (Take after OrderByDescending) is not the user's helper to rewrite:
                // the rewrite is the array the supported queries make, then a loop over it.
                string rewrite = IsEnumerable(target)
                    ? $"make the values a local array first ({t}[] s = x.OrderByDescending(v => v).ToArray(); sorts by value, x.Where(…).ToArray() filters), then read or fold the part you need in a loop over it"
                    : $"let '{target.Name}' fill and return a {t}[] (new {t}[n], a loop in place of yield return), or compute the values in a loop of the [Differentiable] method";
                Unsupported(call, $"The sequence '{Short(call)}' computed from a differentiated value", rewrite);
                return new Lit(type, 0);
            }
            return new PassiveCall(type, fn, args.Select(PassiveArgument).ToEquatable());
        }

        if (!target.IsStatic && call.Instance is not (null or IInstanceReferenceOperation))
        {
            Unsupported(call, $"The call '{Short(call)}' on another object", "call static methods or methods of this instance");
            return new Lit(type, 0);
        }
        string receiver = target.IsStatic ? TypeClassifier.Text(target.ContainingType!) : "this";
        string typeArgs = target.TypeArguments.Length > 0 ? "<" + string.Join(", ", target.TypeArguments.Select(TypeClassifier.Text)) + ">" : "";
        var shapes = new List<ParamShape>();
        var loweredArgs = new List<Expr>();
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            IParameterSymbol p = target.OriginalDefinition.Parameters[i];
            Param? param = TypeClassifier.Classify(p, out string? problem, _semanticModel.Compilation);
            if (param is null) { Unsupported(call, $"The call '{Short(call)}'", problem!); return new Lit(type, 0); }
            if (param.Kind == ParamKind.Passive && !TypeClassifier.HasAttribute(p, "SourceAD.NoDerivativeAttribute") && IsTuple(p.Type) &&
                ((INamedTypeSymbol)p.Type).TupleElements.Any(e => TypeClassifier.IsFloating(e.Type)))
            {
                // A tuple parameter is passive data to the callee's derivatives: its elements' derivatives would be dropped.
                Unsupported(args[i], $"Passing the tuple '{Short(args[i])}' to '{target.Name}'", $"give '{target.Name}' one parameter per element ({target.Name}(t.Item1, t.Item2)), or mark '{p.Name}' [NoDerivative] if it is data");
                return new Lit(type, 0);
            }
            if (param.Edited)
            {
                // Its pullback reruns it on the array, which the call has already edited.
                Unsupported(args[i], $"Calling '{target.Name}', which edits its input array '{p.Name}' in place,", "call it from outside [Differentiable] code, or let it write a separate output array (a void method)");
                return new Lit(type, 0);
            }
            shapes.Add(new ParamShape(p.Name, param.Kind, param.Differentiable, p.Type is IArrayTypeSymbol,
                param.Kind == ParamKind.PassiveArray && OutputArrays.Writes(p, _semanticModel.Compilation), param.InOut, param.ReadsEntry));
            if (shapes[i].Written && param.IsNested) { Unsupported(call, $"The call '{Short(call)}', which edits the rectangular or jagged array '{p.Name}' in place", "pass a flat int[] (index it i * columns + j)"); return new Lit(type, 0); }
            IOperation arg = args[i];
            if (param.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.RealSpanOutput or ParamKind.PassiveArray)
            {
                loweredArgs.Add(ArrayArgument(arg));
            }
            else
            {
                loweredArgs.Add(LowerExpr(arg));
            }
        }
        if (!statement && shapes.Any(s => s.Kind == ParamKind.RealSpanOutput))
        {
            Unsupported(call, $"Calling the vector-output method '{target.Name}'", "vector-output callees are not supported yet; call scalar [Differentiable] methods");
            return new Lit(type, 0);
        }
        bool inSource = target.OriginalDefinition.DeclaringSyntaxReferences.Length > 0;
        if (differentiable && !inSource && target.ContainingType!.GetMembers(target.Name + "Pullback").IsEmpty)
        {
            Unsupported(call, $"The call of '{target.Name}'", $"its assembly holds no generated {target.Name}Pullback; build it with the SourceAD generator");
            return new Lit(type, 0);
        }
        var targetInfo = new CallTarget(receiver, target.Name, typeArgs, shapes.ToEquatable(),
            differentiable ? receiver : "", differentiable ? target.Name + "Pullback" : "",
            differentiable ? receiver : "", differentiable ? target.Name + "Pushforward" : "",
            Callee: differentiable && inSource ? CustomDerivatives.Key(target) : "");
        if (differentiable && inSource) _callees.Add((target.OriginalDefinition, AtSource(call.Syntax.GetLocation())));
        if (implicitHelper) return ImplicitCall(call, type, targetInfo, loweredArgs);
        // Not [Differentiable]: the name of the callee is kept; CustomDerivatives.Resolve fills in a [DerivativeOf] method or reports SRCAD0002.
        if (!differentiable) targetInfo = targetInfo with { PullbackReceiver = CustomDerivatives.Key(target) };
        if (!differentiable) _unresolved.Add((CustomDerivatives.Key(target), AtSource(call.Syntax.GetLocation()), target.ContainingType!.Name + "." + target.Name));
        return new Call(type, targetInfo, loweredArgs.ToEquatable());
    }

    /// <summary>
    /// <c>Nonsmooth.Max(span)</c>/<c>Min(span)</c>: a max over many entries with an active set. It lowers to a call whose
    /// derivatives are the runtime's <c>NonsmoothRules.MaxPullback/MaxPushforward</c>, with the method's reduction tie
    /// rule passed as constants (visible in the generated code).
    /// </summary>
    private Expr Reduction(string name, IOperation values, string type) =>
        Reduction(name, TypeClassifier.Text(TypeClassifier.ElementOf(values.Type!, out _, out _) ?? values.Type!),
            TypeClassifier.Text(values.Type!), ArrayName(values), type);

    /// <summary>Max or Min of the array <paramref name="array"/> (declared as <paramref name="arrayType"/>).</summary>
    private Expr Reduction(string name, string elementType, string arrayType, string array, string type)
    {
        Policy.TieRule rule = _policy.Strict ? Policy.TieRule.Native : _policy.Reduction.Rule;
        string extra = $"new global::SourceAD.TieChoice(global::SourceAD.TieRule.{rule}, {_policy.Reduction.Beta.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}), {(_policy.Strict ? "true" : "false")}";
        var shape = new ParamShape("values", ParamKind.RealReadOnlySpan, true);
        // Explicit type arguments: inference from T[] to ReadOnlySpan<T> needs C# 14.
        var target = new CallTarget("global::SourceAD.Nonsmooth", name, "<" + elementType + ">", EquatableArray.Of(shape),
            "global::SourceAD.NonsmoothRules", name + "Pullback", "global::SourceAD.NonsmoothRules", name + "Pushforward", extra, true);
        return new Call(type, target, EquatableArray.Of<Expr>(new Ref(arrayType, array)));
    }

    private readonly List<(string Key, Location Location, string Display)> _unresolved = new();
    private readonly List<(IMethodSymbol Callee, Location Location)> _callees = new();

    /// <summary>Calls to methods that are not [Differentiable]; they need a [DerivativeOf] method.</summary>
    internal IReadOnlyList<(string Key, Location Location, string Display)> Unresolved => _unresolved;

    /// <summary>
    /// Moves each call to a differentiable method into its own temporary assignment, so every statement's right-hand
    /// side is either a call or plain arithmetic. The reverse sweep can then call the callee's pullback with the adjoint
    /// of that temporary.
    /// </summary>
    private Expr HoistCalls(Expr e, List<Stmt> output) =>
        // Not into ?: branches: a call there runs only when its branch is taken.
        Ir.Rewrite(e, n => n is Call c ? Hoist(c, output) : n, descend: n => n is not Cond);

    private Ref Hoist(Call c, List<Stmt> output)
    {
        string tmp = NewTemp(c.Target.Method.Length > 0 ? char.ToLowerInvariant(c.Target.Method[0]) + c.Target.Method.Substring(1) : "call", c.Type.Name);
        output.Add(new Assign(new Ref(c.Type, tmp), c));
        return new Ref(c.Type, tmp);
    }
}
