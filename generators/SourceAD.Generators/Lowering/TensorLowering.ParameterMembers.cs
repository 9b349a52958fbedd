using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Diagnostics;

namespace SourceAD.Generators.Lowering;

/// <summary>[Parameter] members: which ones a model trains (Tensor and Tensor[]), and the uses of them that are refused.</summary>
internal sealed partial class TensorLowering
{
    /// <summary>[Parameter] marks a Tensor or a Tensor[] member: <c>this.W</c> of an instance method, or null.</summary>
    private static bool IsParameterMember(ISymbol member) =>
        member is IFieldSymbol or IPropertySymbol && member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ParameterAttribute);

    private static ITypeSymbol? MemberType(ISymbol member) => member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };

    /// <summary>The name of the [Parameter] Tensor[] member <paramref name="op"/> reads on <c>this</c>, or null.</summary>
    private string? ParameterArray(IOperation op) =>
        !_method.IsStatic && Unwrap(op) is IMemberReferenceOperation { Instance: IInstanceReferenceOperation } m &&
        IsParameterMember(m.Member) && IsTensorArray(MemberType(m.Member))
            ? m.Member.Name
            : null;

    /// <summary>
    /// Only Tensor and Tensor[] members are a model's parameters (the Parameters/Gradients set lists them). A [Parameter]
    /// member of another type (<c>Tensor[][] W</c>, a <c>double</c>) would be read as data and get no gradient without a
    /// word, so each one this method reads is refused where it is first read, with the rewrite. A Tensor[] member is
    /// trained element by element, so its array stays the one the gradients were sized for: it is read by element
    /// (<c>W[l]</c>), walked (<c>foreach</c>), measured (<c>W.Length</c>) or passed whole to a [Differentiable]
    /// method's Tensor[] parameter; any other use (reassigned, an element written, aliased, read on another object) is
    /// refused where it happens.
    /// </summary>
    private void RefuseUntrainedParameters(IOperation body)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IMemberReferenceOperation m in body.DescendantsAndSelf().OfType<IMemberReferenceOperation>())
        {
            ITypeSymbol? type = MemberType(m.Member);
            if (type is null || IsTensor(type) || !IsParameterMember(m.Member)) continue;
            if (!IsTensorArray(type))
            {
                _parameterRefusals.Add(m.Syntax.Span);
                if (seen.Add(m.Member))
                {
                    Report(m.Syntax.GetLocation(), $"The [Parameter] member '{m.Member.Name}' of type '{type.ToDisplayString()}'",
                        "only Tensor and Tensor[] members are trained: declare a [Parameter] Tensor or Tensor[] per weight (for nested groups, one Tensor[] per kind: Tensor[] convWeights, Tensor[] bnScales), or stack the weights in one [Parameter] tensor and slice it (Ops.Narrow)");
                }
                continue;
            }
            if (UseOfParameterArray(m) is { } what)
            {
                _parameterRefusals.Add(m.Syntax.Span);
                Report(m.Syntax.GetLocation(), string.Format(System.Globalization.CultureInfo.InvariantCulture, what, $"the [Parameter] array '{m.Member.Name}'"),
                    $"a [Differentiable] method reads a [Parameter] Tensor[] by element ({m.Member.Name}[l]), walks it (foreach (var w in {m.Member.Name})), reads {m.Member.Name}.Length or passes it whole to a [Differentiable] method's Tensor[] parameter; set its elements outside (in the constructor or after an optimizer step), and copy what you need into a local Tensor (var w = {m.Member.Name}[l];)");
            }
        }
    }

    /// <summary>Why this use of a [Parameter] Tensor[] is refused ("Reassigning {0}", …), or null for a supported one.</summary>
    private string? UseOfParameterArray(IMemberReferenceOperation m)
    {
        if (_method.IsStatic || m.Instance is not IInstanceReferenceOperation) return "Reading {0} of another object";
        IOperation? parent = m.Parent;
        while (parent is IConversionOperation { IsImplicit: true }) parent = parent.Parent;
        switch (parent)
        {
            case IAssignmentOperation a when Unwrap(a.Target) == m || a.Target == m:
                return "Reassigning {0}";
            case IArrayElementReferenceOperation e:
                IOperation? use = e.Parent;
                return use switch
                {
                    IAssignmentOperation a when a.Target == e => "Writing an element of {0}",
                    IIncrementOrDecrementOperation => "Writing an element of {0}",
                    IArgumentOperation { Parameter.RefKind: not RefKind.None } => "Passing an element of {0} by reference",
                    _ => null,
                };
            case IPropertyReferenceOperation { Property.Name: "Length" }:
                return null;
            case IForEachLoopOperation:
                return null;
            case IArgumentOperation { Parent: IInvocationOperation call } arg when IsDifferentiableCall(call) && IsTensorArray(arg.Parameter?.Type) &&
                                                                                arg.Parameter!.RefKind == RefKind.None:
                return null;
            default:
                return "Using {0} as a whole (aliased, passed on or compared)";
        }
    }

    /// <summary>Where a [Parameter] member's use was refused: a general refusal of the statement or expression around it would say less, and is left out.</summary>
    private readonly List<Microsoft.CodeAnalysis.Text.TextSpan> _parameterRefusals = new();
}
