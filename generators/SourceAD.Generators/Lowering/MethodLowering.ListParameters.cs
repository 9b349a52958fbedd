using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// <c>List&lt;T&gt;</c>, <c>IList&lt;T&gt;</c> and <c>IReadOnlyList&lt;T&gt;</c> parameters of a floating T: the derivative
/// core takes a <c>ReadOnlySpan&lt;T&gt;</c> (the generated surface passes <c>CollectionsMarshal.AsSpan(list)</c>, the
/// list's own storage, or a copy of an interface's elements), so <c>list[i]</c>, <c>list.Count</c> and
/// <c>foreach (var v in list)</c> lower to span reads. Anything else the method does with the list (Add, Remove, an
/// indexer write, passing it on, reassigning it) could change what it reads or escape the span, and is refused at the use.
/// </summary>
internal sealed partial class MethodLowering
{
    private readonly Dictionary<IParameterSymbol, string> _listParams = new(SymbolEqualityComparer.Default);

    /// <summary>The floating T of a List/IList/IReadOnlyList parameter type; null for anything else.</summary>
    internal static ITypeSymbol? ListElement(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } n && TypeClassifier.IsFloating(n.TypeArguments[0]) &&
        n.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.List<T>" or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyList<T>"
            ? n.TypeArguments[0]
            : null;

    /// <summary>A list parameter becomes a read-only span input of the core and a surface parameter of the user's type.</summary>
    private bool LowerListParameter(IParameterSymbol p, List<Param> parameters)
    {
        if (TypeClassifier.HasAttribute(p, "SourceAD.NoDerivativeAttribute") || ListElement(p.Type) is not ITypeSymbol element) return false;
        if (p.RefKind is RefKind.Ref or RefKind.Out)
        {
            Report(Diagnostics.DiagnosticDescriptors.UnsupportedSignature, p.Locations.FirstOrDefault() ?? Location.None, _method.Name,
                $"parameter '{p.Name}' is passed by {p.RefKind.ToString().ToLowerInvariant()}; pass it by value");
            return true;
        }
        string t = TypeClassifier.Text(element);
        string name = Name(p, p.Name);
        parameters.Add(new Param(name, $"global::System.ReadOnlySpan<{t}>", t, ParamKind.RealReadOnlySpan, true));
        _arrays.Add(name);
        _readOnlyArrays.Add(name);
        _listParams[p] = name;
        bool concrete = p.Type.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>";
        _aggregateParams[p.Ordinal] = new SurfaceParam(name, TypeClassifier.Text(p.Type), null, false, true, Helpers.EquatableArray.Of(name),
            concrete ? SequenceKind.List : SequenceKind.ReadOnlyList);
        return true;
    }

    private static IOperation Bare(IOperation op)
    {
        while (op is IConversionOperation { Conversion.IsImplicit: true } or IParenthesizedOperation)
        {
            op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
        }
        return op;
    }

    /// <summary>The list parameter <paramref name="op"/> refers to; null for anything else.</summary>
    private IParameterSymbol? ListParam(IOperation? op) =>
        op is not null && Bare(op) is IParameterReferenceOperation p && _listParams.ContainsKey(p.Parameter) ? p.Parameter : null;

    /// <summary>Reads of a list parameter: <c>list[i]</c> and <c>list.Count</c>; null for any other operation.</summary>
    private Expr? LowerListRead(IOperation op, string type)
    {
        switch (op)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } idx when idx.Arguments.Length == 1 && ListParam(idx.Instance) is not null:
                return ElementOf(type, idx.Instance!, LowerExpr(idx.Arguments[0].Value));
            case IPropertyReferenceOperation { Property.Name: "Count" } count when ListParam(count.Instance) is not null:
                return E.To(type, LengthOf(count.Instance!));
            case IInvocationOperation call when ListParam(call.Instance) is IParameterSymbol list:
                return Refuse(op, type, $"Calling '{call.TargetMethod.Name}' on the {list.Type.Name}<> parameter '{list.Name}'", ListRewrite(list));
            case IInvocationOperation call when call.Arguments.FirstOrDefault(a => ListParam(a.Value) is not null) is IArgumentOperation arg:
            {
                IParameterSymbol list = ListParam(arg.Value)!;
                return Refuse(op, type, $"Passing the {list.Type.Name}<> parameter '{list.Name}' to '{call.TargetMethod.Name}'", ListRewrite(list));
            }
            case IParameterReferenceOperation when ListParam(op) is IParameterSymbol list:
                return Refuse(op, type, $"Using the {list.Type.Name}<> parameter '{list.Name}' other than by list[i], list.Count or foreach", ListRewrite(list));
            default:
                return null;
        }
    }

    /// <summary>A statement that changes a list parameter (Add, Remove, Clear, Sort, …) or passes it to a call: refused.</summary>
    private bool RefuseListStatement(IOperation op)
    {
        if (op is IExpressionStatementOperation es) op = es.Operation;
        if (op is not IInvocationOperation call) return false;
        if (ListParam(call.Instance) is IParameterSymbol list)
        {
            Unsupported(op, $"Changing the {list.Type.Name}<> parameter '{list.Name}' ('{call.TargetMethod.Name}')", ListRewrite(list));
            return true;
        }
        if (call.Arguments.FirstOrDefault(a => ListParam(a.Value) is not null) is IArgumentOperation arg)
        {
            IParameterSymbol passed = ListParam(arg.Value)!;
            Unsupported(op, $"Passing the {passed.Type.Name}<> parameter '{passed.Name}' to '{call.TargetMethod.Name}'", ListRewrite(passed));
            return true;
        }
        return false;
    }

    /// <summary>A write to a list parameter (<c>list[i] = …</c>, <c>list = …</c>): refused; true when it was one.</summary>
    private bool RefuseListWrite(IOperation target)
    {
        IParameterSymbol? list = target is IPropertyReferenceOperation { Property.IsIndexer: true } idx ? ListParam(idx.Instance) : ListParam(target);
        if (list is null) return false;
        Unsupported(target, $"Writing to the {list.Type.Name}<> parameter '{list.Name}'", ListRewrite(list));
        return true;
    }

    private static string ListRewrite(IParameterSymbol list)
    {
        string t = ((INamedTypeSymbol)list.Type).TypeArguments[0].ToDisplayString();
        return $"a [Differentiable] method reads its list in place ({list.Name}[i], {list.Name}.Count, foreach), as a span of its elements; " +
               $"to change or pass on the values, copy them into a local array first (var a = new {t}[{list.Name}.Count]; for (…) a[i] = {list.Name}[i];)";
    }
}
