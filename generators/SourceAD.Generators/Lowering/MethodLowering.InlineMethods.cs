using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// [Differentiable] methods with <c>ref</c> or <c>out</c> parameters (<c>bool TrySolve(a, b, c, out double r1, out double
/// r2)</c>, the .NET Try pattern) have no generated form of their own: a pullback cannot return through an out
/// parameter's adjoint in a way callers could use. Instead each call from a [Differentiable] method inlines the
/// callee's body, exactly as a local function's (<see cref="Inline"/>), so the out parameters are the caller's variables.
/// The method itself gets SRCAD0040 (information) saying so.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>True for a [Differentiable] method that is differentiated only inline, where it is called.</summary>
    internal static bool IsInlineOnly(IMethodSymbol m) =>
        m.MethodKind == MethodKind.Ordinary && (m.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out) || ReturnsTuple(m)) &&
        TypeClassifier.HasAttribute(m.OriginalDefinition, PolicyResolver.MethodAttribute);

    private bool IsInlinedMethod(IInvocationOperation call) =>
        IsInlineOnly(call.TargetMethod) && !call.TargetMethod.IsGenericMethod &&
        (call.TargetMethod.IsStatic || call.Instance is null or IInstanceReferenceOperation) &&
        call.TargetMethod.OriginalDefinition.DeclaringSyntaxReferences.Length > 0;

    /// <summary>
    /// A helper without [Differentiable] that takes ref or out parameters (<c>static void SinCos(double x, out double s,
    /// out double c)</c>, <c>static void Accumulate(ref double total, double v)</c>): inlined where it is called, as a
    /// [Differentiable] one is (above), so its ref and out parameters are the caller's variables. Like any inlined code it
    /// is differentiated under the caller's policy. Not when a [DerivativeOf] method covers it, when it is generic, or
    /// when its body names members the caller's type cannot reach; those calls keep the refusal with its rewrite.
    /// </summary>
    private bool IsByReferenceHelper(IInvocationOperation call)
    {
        IMethodSymbol target = call.TargetMethod.OriginalDefinition;
        if (target.MethodKind != MethodKind.Ordinary || target.IsGenericMethod || target.IsExtern || target.IsAsync || target.IsAbstract || target.IsVirtual ||
            !target.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out) || TypeClassifier.HasAttribute(target, PolicyResolver.MethodAttribute) ||
            !target.IsStatic && call.Instance is not (null or IInstanceReferenceOperation) ||
            // A generated member (FPullback's ref adjoints) seen through its stub is nested AD, not a helper to inline.
            NestedDerivativeStubs.IsStub(target) ||
            !ImplicitHelpers.IsCandidate(target, _semanticModel.Compilation, _ct) || HasDerivativeOf(target))
        {
            return false;
        }
        IBlockOperation? body = MethodBody(target);
        return body is not null && body.Descendants().All(AccessibleHere);
    }

    /// <summary>The body of a method declared in this compilation, bound by its own tree's semantic model.</summary>
    private IBlockOperation? MethodBody(IMethodSymbol fn)
    {
        foreach (SyntaxReference reference in fn.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_ct) is not MethodDeclarationSyntax syntax || !_semanticModel.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)) continue;
            SemanticModel model = syntax.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
            if (model.GetOperation(syntax, _ct) is IMethodBodyOperation body) return body.BlockBody ?? body.ExpressionBody;
        }
        return null;
    }
}
