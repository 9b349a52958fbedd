using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Helpers in types that are not partial (<c>static class MathUtil { public static double Sigmoid(double z) … }</c>,
/// the way utility classes are usually written): their derivatives cannot be generated beside them (ImplicitHelpers),
/// so each call with a floating value is inlined instead, like a local function (MethodLowering.LocalFunctions.cs).
/// Only where the inlined body stays valid C# in the caller's type: every member it names must be accessible there.
/// A helper that a [DerivativeOf] method covers keeps its call (the hand-written derivative wins, as for every
/// helper), and so does a recursive one (it is reported, SRCAD0041, at the inner call).
/// </summary>
internal sealed partial class MethodLowering
{
    private bool IsNonPartialHelper(IInvocationOperation call)
    {
        IMethodSymbol target = call.TargetMethod.OriginalDefinition;
        if (!target.IsStatic || target.IsGenericMethod || target.MethodKind != MethodKind.Ordinary || target.IsExtern || target.IsAsync ||
            !TypeClassifier.IsFloating(call.Type) || target.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out) ||
            TypeClassifier.HasAttribute(target, PolicyResolver.MethodAttribute) ||
            !ImplicitHelpers.IsCandidate(target, _semanticModel.Compilation, _ct) || !ImplicitHelpers.InNonPartialType(target, _ct) ||
            _inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, target)) || HasDerivativeOf(target))
        {
            return false;
        }
        IBlockOperation? body = MethodBody(target);
        return body is not null && body.Descendants().All(AccessibleHere);
    }

    /// <summary>Whether a member the inlined body names can be named from the caller's type.</summary>
    private bool AccessibleHere(IOperation op)
    {
        ISymbol? member = op switch
        {
            IMemberReferenceOperation m => m.Member,
            IInvocationOperation i => i.TargetMethod,
            IObjectCreationOperation c => c.Constructor,
            _ => null,
        };
        return member is null || _semanticModel.Compilation.IsSymbolAccessibleWithin(member, _method.ContainingType);
    }

    /// <summary>Whether a [DerivativeOf] method covers <paramref name="helper"/>: then no inlining (here or in MethodLowering.InlineHelpers.cs).</summary>
    private bool HasDerivativeOf(IMethodSymbol helper)
    {
        _customDerivatives ??= CustomDerivatives.Collect(_semanticModel.Compilation, _ct);
        return CustomDerivatives.IsResolvable(CustomDerivatives.Key(helper), _customDerivatives);
    }
}
