using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Lowering;

/// <summary>Tensor expressions: <c>Ops.X</c> calls, calls of other [Differentiable] tensor methods, constants, aliases, and their arguments.</summary>
internal sealed partial class TensorLowering
{
    /// <summary>The operand of an implicit conversion (a <c>Tensor</c> read as <c>Tensor?</c>), or the operation itself.</summary>
    private static IOperation Unwrap(IOperation op) => op is IConversionOperation { IsImplicit: true } c ? c.Operand : op;

    /// <summary>A call that lowers to a statement of its own: an <c>Ops.X</c> call or a [Differentiable] tensor method.</summary>
    private bool IsCall(IOperation op) => Unwrap(op) is IInvocationOperation call && (IsOps(call) || IsDifferentiableCall(call));

    private static bool IsOps(IInvocationOperation call) => call.TargetMethod.ContainingType?.ToDisplayString() == OpsType;

    private static bool IsDifferentiableCall(IInvocationOperation call) =>
        IsTensor(call.TargetMethod.ReturnType) && TypeClassifier.HasAttribute(call.TargetMethod.OriginalDefinition, DifferentiableAttribute);

    /// <summary>Lowers a tensor expression into <paramref name="target"/>.</summary>
    private string Expression(IOperation value, string target)
    {
        value = Unwrap(value);
        if (value is IInvocationOperation call && IsOps(call)) return OpsCall(call, target);
        if (value is IInvocationOperation method && IsDifferentiableCall(method)) return MethodCall(method, target);
        if (value is IInvocationOperation constant && constant.TargetMethod.IsStatic && IsTensor(constant.TargetMethod.ContainingType) &&
            constant.Arguments.All(a => !IsTensor(a.Value.Type) && CheckPassiveText(a.Value)))
        {
            // Tensor.Zeros(…), Tensor.Full(…): a constant (no derivative), e.g. an accumulator's start.
            Emit(target, TensorOpTable.ConstantOp, new[] { new TensorArg("value", Verbatim(value), TensorArgKind.Passive) });
            return target;
        }
        if (value is IInvocationOperation other)
        {
            Report(value.Syntax.GetLocation(), $"The call '{other.TargetMethod.ContainingType?.Name}.{other.TargetMethod.Name}'",
                "call Ops.X(...) or a [Differentiable] method returning Tensor");
            return "__invalid";
        }
        TensorArg arg = Argument("x", value);
        if (arg.Kind is TensorArgKind.Null or TensorArgKind.Passive)
        {
            Report(value.Syntax.GetLocation(), $"The tensor expression '{value.Syntax}'", "use Ops.X(...) calls, tensor locals, parameters and [Parameter] members");
            return "__invalid";
        }
        // h = other: a new handle on the same storage, whose adjoint flows back unchanged.
        Emit(target, TensorOpTable.AliasOp, new[] { arg });
        return target;
    }

    /// <summary><c>Ops.X(…)</c>: a row of the tensor op table, its arguments by parameter name.</summary>
    private string OpsCall(IInvocationOperation call, string target)
    {
        string opName = call.TargetMethod.Name;
        if (!TensorOpTable.Rows.TryGetValue(opName, out TensorOp? row) || row.Internal)
        {
            Report(call.Syntax.GetLocation(), $"Ops.{opName}", $"it has no derivative rule the generator knows; supported: {string.Join(", ", TensorOpTable.Rows.Values.Where(r => !r.Internal).Select(r => r.Name).OrderBy(k => k, System.StringComparer.Ordinal))}");
            return "__invalid";
        }
        var args = new List<TensorArg>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue; // omitted optional argument
            if (arg.ArgumentKind == ArgumentKind.ParamArray && arg.Value is IArrayCreationOperation expanded && arg.Parameter!.Type is IArrayTypeSymbol array)
            {
                // Ops.Reshape(x, 5, 2): the expanded params become one array argument (the rules take it by position).
                var elements = expanded.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty;
                foreach (IOperation e in elements) CheckPassiveText(e);
                string type = array.ElementType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                args.Add(new TensorArg(arg.Parameter.Name, $"new {type}[] {{ {string.Join(", ", elements.Select(Verbatim))} }}", TensorArgKind.Passive));
                continue;
            }
            args.Add(IsTensor(arg.Parameter!.Type) ? Argument(arg.Parameter.Name, arg.Value) : PassiveArgument(arg.Parameter.Name, arg.Value));
        }
        Emit(target, opName, args);
        return target;
    }

    /// <summary>A call of another [Differentiable] tensor method (of this model, or static): its derivatives are the callee's generated ones.</summary>
    private string MethodCall(IInvocationOperation call, string target)
    {
        IMethodSymbol callee = call.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, _method.OriginalDefinition))
        {
            Report(call.Syntax.GetLocation(), $"The recursive call of '{callee.Name}'", "write the repetition as a counted for loop");
            return "__invalid";
        }
        if (callee.IsGenericMethod || callee.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}'", "a called tensor method takes its arguments by value and is not generic");
            return "__invalid";
        }
        string receiver;
        bool hasGradients = false;
        if (callee.IsStatic)
        {
            receiver = TypeClassifier.Text(callee.ContainingType);
        }
        else if (call.Instance is IInstanceReferenceOperation && !_method.IsStatic && SymbolEqualityComparer.Default.Equals(callee.ContainingType, _method.ContainingType))
        {
            receiver = "this";
            hasGradients = IsModel(callee.ContainingType);
        }
        else
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}' on another object", "call [Differentiable] tensor methods of this model, or static ones");
            return "__invalid";
        }
        if (!hasGradients && !callee.Parameters.Any(IsDifferentiableInput))
        {
            Report(call.Syntax.GetLocation(), $"The call of '{callee.Name}'", "it has no derivative: it has neither tensor inputs nor [Parameter] members");
            return "__invalid";
        }
        var args = new List<TensorArg>();
        foreach (IArgumentOperation arg in call.Arguments)
        {
            if (arg.ArgumentKind == ArgumentKind.DefaultValue) continue;
            if (IsTensorArray(arg.Parameter!.Type) && Unwrap(arg.Value) is IParameterReferenceOperation { Parameter: var sequence } && IsDifferentiableInput(sequence))
            {
                // A differentiable Tensor[] input passed on whole: the callee's array adjoint adds into ours.
                args.Add(new TensorArg(arg.Parameter.Name, sequence.Name, TensorArgKind.Input));
                continue;
            }
            if (IsDifferentiableInput(arg.Parameter) && IsTensorArray(arg.Parameter.Type) && ParameterArray(arg.Value) is { } weights)
            {
                // A [Parameter] Tensor[] passed on whole: the callee's array adjoint adds into into.W element by element.
                args.Add(new TensorArg(arg.Parameter.Name, weights, TensorArgKind.ParameterArray));
                continue;
            }
            args.Add(IsTensor(arg.Parameter.Type) ? Argument(arg.Parameter.Name, arg.Value) : PassiveArgument(arg.Parameter.Name, arg.Value));
        }
        var differentiable = callee.Parameters.Where(IsDifferentiableInput).Select(p => p.Name).ToEquatable();
        var sequences = callee.Parameters.Where(p => IsDifferentiableInput(p) && IsTensorArray(p.Type)).Select(p => p.Name).ToEquatable();
        Emit(target, callee.Name, args, new TensorCall(receiver, hasGradients, differentiable, sequences));
        return target;
    }

    /// <summary>A tensor argument: a variable, input, member, data expression, or a nested call (lowered to a temporary).</summary>
    private TensorArg Argument(string param, IOperation value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return new TensorArg(param, "null", TensorArgKind.Null);
            case IDefaultValueOperation:
                return new TensorArg(param, "null", TensorArgKind.Null);
            case IParameterReferenceOperation p when _locals.TryGetValue(p.Parameter, out string? variable):
                return new TensorArg(param, variable, TensorArgKind.Local);
            case IParameterReferenceOperation p:
                return new TensorArg(param, p.Parameter.Name, TensorArgKind.Input);
            case ILocalReferenceOperation l when _locals.TryGetValue(l.Local, out string? name):
                return new TensorArg(param, name, TensorArgKind.Local);
            case ILocalReferenceOperation l when _dataLocals.TryGetValue(l.Local, out TensorArg? element):
                return element with { Param = param };
            case IArrayElementReferenceOperation { Indices.Length: 1 } e when Unwrap(e.ArrayReference) is IParameterReferenceOperation { Parameter: var sequence } &&
                                                                             IsDifferentiableInput(sequence) && CheckPassiveText(e.Indices[0]):
                // xs[t] of a differentiable Tensor[] input: its adjoint is dxs[t].
                return new TensorArg(param, $"{sequence.Name}[{Verbatim(e.Indices[0])}]", TensorArgKind.Element);
            case ILocalReferenceOperation l:
                Report(value.Syntax.GetLocation(), $"The tensor local '{l.Local.Name}'", "declare tensor locals from Ops calls before use");
                return new TensorArg(param, "__invalid", TensorArgKind.Data);
            case IFieldReferenceOperation or IPropertyReferenceOperation when value is IMemberReferenceOperation m &&
                                                                       (m.Instance is null or IInstanceReferenceOperation):
                bool isParameter = !_method.IsStatic && m.Instance is IInstanceReferenceOperation &&
                                   m.Member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute);
                return isParameter
                    ? new TensorArg(param, m.Member.Name, TensorArgKind.Parameter)
                    : new TensorArg(param, Verbatim(value), TensorArgKind.Data);
            case IArrayElementReferenceOperation { Indices.Length: 1 } e when ParameterArray(e.ArrayReference) is { } weights && CheckPassiveText(e.Indices[0]):
                // W[l] of a [Parameter] Tensor[] member: its gradient is into.W[l].
                return new TensorArg(param, $"{weights}[{Verbatim(e.Indices[0])}]", TensorArgKind.ParameterElement);
            case IArrayElementReferenceOperation e when Unwrap(e.ArrayReference) is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation &&
                                                         e.Indices.All(CheckPassiveText):
                // xs[t]: an element of a Tensor[] input or field, read as data.
                return new TensorArg(param, Verbatim(value), TensorArgKind.Data);
            case IInvocationOperation when IsCall(value):
                return new TensorArg(param, Expression(value, Temp(value)), TensorArgKind.Local);
            default:
                Report(value.Syntax.GetLocation(), $"The tensor expression '{value.Syntax}'", "use Ops.X(...) calls, tensor locals, tensor parameters, [Parameter] members and elements of Tensor[] inputs");
                return new TensorArg(param, "__invalid", TensorArgKind.Data);
        }
    }
}
