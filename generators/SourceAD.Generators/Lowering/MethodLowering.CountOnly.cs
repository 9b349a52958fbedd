using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Count-only lowering (<see cref="LowerForCount"/>): an ordinary method's body (a hand-written [DerivativeOf] method,
/// or its target) lowered to the IR only so that the cost analysis can print it through <c>ExprPrinter</c> and count the
/// printed lines, as it counts every generated line (SRCAD1003). Its statements and expressions go through the same
/// lowering as a [Differentiable] method's, so the two cannot disagree on what an operation is.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>
    /// The body as a model that is never emitted: <c>ref</c>/<c>out</c> parameters are plain variables (taken in
    /// <see cref="LowerParameters"/>), a void method needs no <c>Span&lt;T&gt;</c> output, and a pushforward's
    /// <c>return (value, tangent);</c> stores into result locals, as an inlined tuple-returning helper's return does
    /// (MethodLowering.TupleReturns.cs).
    /// </summary>
    private MethodModel? RunForCount(MethodDeclarationSyntax syntax, PolicyModel policy, List<TypeDecl> types, Location nameLocation)
    {
        if (TensorLowering.IsTensor(_method.ReturnType) || _method.IsAsync || _method.IsExtern || _method.IsAbstract || _method.ReturnsByRef)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name, "tensor, async, extern, abstract and ref-returning methods are not counted");
            return null;
        }
        bool tuple = ReturnsTuple(_method);
        if (!_method.ReturnsVoid && !tuple && !TypeClassifier.IsFloating(_method.ReturnType))
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, _method.Name,
                $"it returns '{_method.ReturnType.ToDisplayString()}'; a counted method returns a floating value, a tuple of them, or void");
            return null;
        }
        List<Param> parameters = LowerParameters(nameLocation);
        ITypeSymbol[] results = tuple ? ((INamedTypeSymbol)_method.ReturnType).TupleElements.Select(e => e.Type).ToArray() : System.Array.Empty<ITypeSymbol>();
        string realType = tuple ? TypeClassifier.Text(results.FirstOrDefault(TypeClassifier.IsFloating) ?? results[0])
            : _method.ReturnsVoid ? parameters.FirstOrDefault(p => p.Differentiable)?.ElementType ?? "double"
            : TypeClassifier.Text(_method.ReturnType);

        List<Stmt>? body;
        if (tuple)
        {
            // Lowered as the body of an inlined tuple-returning helper: each return stores the elements, then leaves.
            _inlining.Add(_method);
            _tupleReturns.Add((_method, results.Select(t => NewTemp("result", TypeClassifier.Text(t))).ToArray()));
            try
            {
                body = LowerBody(syntax, nameLocation);
            }
            finally
            {
                _tupleReturns.RemoveAt(_tupleReturns.Count - 1);
                _inlining.RemoveAt(_inlining.Count - 1);
            }
        }
        else
        {
            body = LowerBody(syntax, nameLocation);
        }
        if (body is null) return null;
        body.InsertRange(0, _dataArrayAliases);
        bool returnsVoid = _method.ReturnsVoid || tuple;
        List<Stmt> structured = Structurize.Run(body, returnsVoid, realType, this);
        return new MethodModel(Namespace(), types.ToEquatable(), _method.Name, Accessibility(), _method.IsStatic, "", "",
            returnsVoid ? "void" : TypeClassifier.Text(_method.ReturnType), realType, parameters.ToEquatable(), _locals.ToEquatable(), structured.ToEquatable(),
            policy, HintNames.Derivatives(_method), CustomDerivatives.Key(_method), Surface(parameters));
    }
}
