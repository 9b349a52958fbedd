using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A method group passed as a delegate (<c>x.Select(Math.Abs)</c>, <c>Integrate(Square, 0, 1, n)</c>,
/// <c>Func&lt;double, double&gt; f = Math.Sin;</c>) is read as the lambda it stands for,
/// <c>(double v) =&gt; Math.Abs(v)</c>. That lambda is bound by Roslyn itself, speculatively at the group's position, so
/// every place that inlines lambdas (LINQ stages, delegate parameters of helpers, lambda locals) takes method groups
/// through the one path it already has, and the call inside is lowered like any call written out: a primitive row, an
/// inlined helper or a [Differentiable] callee. The lambda calls the very method the group chose (checked after
/// binding); anything else keeps the refusal with the lambda rewrite.
/// Diagnostics inside the synthesized lambda are reported at the method group (<see cref="AtSource"/>): its tree is
/// not part of the compilation.
/// </summary>
internal sealed partial class MethodLowering
{
    /// <summary>The lambda synthesized for each method-group delegate, once, so its parameter symbols stay the same.</summary>
    private readonly Dictionary<IOperation, IAnonymousFunctionOperation?> _groupLambdas = new();

    /// <summary>Speculative trees of synthesized lambdas: their semantic model, and where their diagnostics belong.</summary>
    private readonly Dictionary<SyntaxTree, (SemanticModel Model, Location Anchor)> _speculative = new();

    private IAnonymousFunctionOperation? MethodGroupLambda(IDelegateCreationOperation creation)
    {
        if (_groupLambdas.TryGetValue(creation, out IAnonymousFunctionOperation? known)) return known;
        IAnonymousFunctionOperation? lambda = null;
        try
        {
            lambda = SynthesizeLambda(creation);
        }
        catch (System.ArgumentException)
        {
            // Speculation refused (a position Roslyn cannot speculate at): the method group keeps its refusal.
        }
        _groupLambdas[creation] = lambda;
        return lambda;
    }

    private IAnonymousFunctionOperation? SynthesizeLambda(IDelegateCreationOperation creation)
    {
        if (creation.Target is not IMethodReferenceOperation { Method: IMethodSymbol method } reference ||
            creation.Type is not INamedTypeSymbol { DelegateInvokeMethod: IMethodSymbol invoke } delegateType ||
            invoke.ReturnsVoid || method.ReducedFrom is not null || method.Parameters.Length != invoke.Parameters.Length ||
            invoke.Parameters.Any(p => p.RefKind != RefKind.None) || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams) ||
            _speculative.ContainsKey(creation.Syntax.SyntaxTree)) return null;
        string receiver = reference.Instance switch
        {
            _ when method.MethodKind == MethodKind.LocalFunction => "", // in scope where the group stands
            null when method.IsStatic => TypeClassifier.Text(method.ContainingType) + ".",
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this.",
            _ => "\0",
        };
        if (receiver == "\0") return null; // a group on another object (other.M): its receiver is not a lambda's to capture

        // Parameter names of the method itself, so the inlined locals read like the call written out.
        string[] names = method.Parameters.Select((p, i) => "__" + Identifiers.Escape(p.Name).TrimStart('@') + "_" + i).ToArray();
        string parameters = string.Join(", ", invoke.Parameters.Select((p, i) => TypeClassifier.Text(p.Type) + " " + names[i]));
        string typeArguments = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(TypeClassifier.Text)) + ">" : "";
        string name = method.MethodKind == MethodKind.LocalFunction ? method.Name : Identifiers.Escape(method.Name);
        string text = $"{TypeClassifier.Text(delegateType)} __sourcead_group = ({parameters}) => {receiver}{name}{typeArguments}({string.Join(", ", names)});";
        StatementSyntax statement = SyntaxFactory.ParseStatement(text);

        SemanticModel model = ModelOf(creation.Syntax.SyntaxTree);
        if (!model.TryGetSpeculativeSemanticModel(creation.Syntax.SpanStart, statement, out SemanticModel? speculative) || speculative is null) return null;
        StatementSyntax bound = statement;
        if (speculative.GetOperation(bound, _ct) is not IVariableDeclarationGroupOperation group ||
            group.Declarations.FirstOrDefault()?.Declarators.FirstOrDefault()?.Initializer?.Value is not IOperation value ||
            LambdaOf(value) is not IAnonymousFunctionOperation lambda ||
            lambda.Body.Operations.FirstOrDefault() is not IReturnOperation { ReturnedValue: IOperation returned } ||
            Unwrap(returned) is not IInvocationOperation call ||
            !SameMethod(call.TargetMethod, method)) return null;
        _speculative[bound.SyntaxTree] = (speculative, creation.Syntax.GetLocation());
        return lambda;
    }

    /// <summary>
    /// Whether the speculative call binds the group's method. A local function is bound anew in a speculative model, as
    /// a different symbol for the same declaration, so local functions compare by where they are declared.
    /// </summary>
    private static bool SameMethod(IMethodSymbol bound, IMethodSymbol group) =>
        SymbolEqualityComparer.Default.Equals(bound, group) ||
        bound.MethodKind == MethodKind.LocalFunction && group.MethodKind == MethodKind.LocalFunction &&
        bound.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).SequenceEqual(group.DeclaringSyntaxReferences.Select(r => r.GetSyntax()));

    /// <summary>A location in the compilation: one inside a synthesized lambda becomes its method group's.</summary>
    private Location AtSource(Location location) =>
        location.SourceTree is SyntaxTree tree && _speculative.TryGetValue(tree, out var spec) ? spec.Anchor : location;
}
