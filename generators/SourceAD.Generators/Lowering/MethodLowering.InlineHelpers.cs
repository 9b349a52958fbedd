using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Small helpers called inside a loop are inlined into the caller's IR (issue 13), so the caller's to-be-recorded
/// analysis records what the helper's reverse needs once, instead of each call's pullback rerunning the helper's forward
/// sweep (joint mode): GMM's <c>logsumexp</c>, <c>Qtimesx</c> and <c>sqnorm</c>, called n·k times, cost one forward
/// sweep each again. The cost rule: the call is in a loop, the callee is non-recursive, has at most
/// <see cref="MaxInlinedStatements"/> statements, and would be differentiated with the caller's policy. Calls outside
/// loops (unless an argument is a row of a jagged array, which only an inlined callee can take), recursive callees
/// (det's <c>det_of_minor</c>), big callees and callees with a [DerivativeOf] rule stay calls.
/// </summary>
/// <remarks>
/// Inlining reuses the local-function inliner (<see cref="Inline"/>): each call gets fresh names for the callee's
/// parameters and locals, scalars are copied in, whole arrays and spans are aliased, and a slice argument
/// (<c>x.Slice(i * d)</c>) becomes a slice alias of the parameter, so <c>p[j]</c> reads <c>x[i * d + j]</c> in place.
/// The values computed are the same operations in the same order, so the forward sweep's value is bit for bit the
/// user's. If the body cannot be lowered inline, the attempt is discarded (statements, locals and diagnostics) and
/// the call is lowered as a call, exactly as before.
/// </remarks>
internal sealed partial class MethodLowering
{
    /// <summary>The largest callee (in C# statements) inlined at a call in a loop.</summary>
    internal const int MaxInlinedStatements = 30;

    /// <summary>How deep inlined helpers may nest (a helper inlined into a helper inlined into the caller, …).</summary>
    private const int MaxInlineDepth = 4;

    private List<CustomDerivative>? _customDerivatives;

    /// <summary>Whether the call of a [Differentiable] or implicit helper is inlined by the cost rule above.</summary>
    private bool IsAutoInlined(IInvocationOperation call)
    {
        // A jagged row argument (Dot(rows[r], w)) is inlined anywhere: a call cannot take a row's adjoint.
        if (_loopDepth == 0 && !call.Arguments.Any(a => IsJaggedRow(a.Value)) || _inlining.Count >= MaxInlineDepth || !InStatementPosition(call)) return false;
        IMethodSymbol m = call.TargetMethod.OriginalDefinition;
        if (m.MethodKind != MethodKind.Ordinary || m.IsGenericMethod || m.IsAsync || m.IsExtern || m.IsAbstract || m.IsVirtual || m.IsOverride) return false;
        if (!m.IsStatic && call.Instance is not (null or IInstanceReferenceOperation)) return false;
        if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, m)) || SymbolEqualityComparer.Default.Equals(m, _method.OriginalDefinition)) return false;

        AttributeData? attribute = m.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PolicyResolver.MethodAttribute);
        bool helper = attribute is null && ImplicitHelpers.IsCandidate(m, _semanticModel.Compilation, _ct) &&
                      (TypeClassifier.IsFloating(m.ReturnType) || m.ReturnsVoid);
        if (attribute is null && !helper) return false;
        // Inlined code is differentiated under the caller's policy: only where that is the callee's own.
        if (!PolicyResolver.Resolve(attribute, _implicitHelpers.AssemblyAttribute).Equals(_policy)) return false;
        // Parameters passed by value (scalars, arrays, spans), without attributes ([NoDerivative] changes what a call differentiates).
        foreach (IParameterSymbol p in m.Parameters)
        {
            if (p.RefKind != RefKind.None || p.GetAttributes().Length > 0) return false;
            bool scalar = p.Type.SpecialType is not SpecialType.None || TypeClassifier.IsFloating(p.Type);
            bool array = TypeClassifier.ElementOf(p.Type, out _, out _) is ITypeSymbol element && element.SpecialType is not SpecialType.None && p.Type is not IArrayTypeSymbol { Rank: > 1 };
            if (!scalar && !array) return false;
        }
        if (!m.ReturnsVoid && !TypeClassifier.IsFloating(m.ReturnType)) return false;

        MethodDeclarationSyntax? syntax = m.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_ct)).OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(s => s.Body is not null || s.ExpressionBody is not null);
        if (syntax is null || !_semanticModel.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)) return false;
        if (syntax.DescendantNodes().OfType<StatementSyntax>().Count(s => s is not BlockSyntax) > MaxInlinedStatements) return false;
        if (syntax.DescendantNodes().OfType<LocalFunctionStatementSyntax>().Any()) return false;
        // Recursive (directly): each call would inline another copy.
        if (syntax.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => NamesMethod(i, m.Name) && ModelOf(i.SyntaxTree).GetSymbolInfo(i, _ct).Symbol is IMethodSymbol s &&
                                                                                   SymbolEqualityComparer.Default.Equals(s.OriginalDefinition, m))) return false;
        // A [DerivativeOf] rule for the callee wins over differentiating its body.
        return !HasDerivativeOf(m);
    }

    private static bool NamesMethod(InvocationExpressionSyntax i, string name) => i.Expression switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText == name,
        MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText == name,
        GenericNameSyntax g => g.Identifier.ValueText == name,
        _ => true,
    };

    /// <summary>The semantic model of a tree of this compilation, or of a synthesized lambda's (MethodGroups.cs).</summary>
    private SemanticModel ModelOf(SyntaxTree tree) =>
        tree == _semanticModel.SyntaxTree ? _semanticModel
        : _speculative.TryGetValue(tree, out var spec) ? spec.Model
        : _semanticModel.Compilation.GetSemanticModel(tree);

    /// <summary>
    /// Whether the call runs exactly where its statement runs (an expression statement, a local's initializer or a
    /// return): a call in a loop's condition runs once per test, so its inlined statements cannot precede the loop.
    /// </summary>
    private static bool InStatementPosition(IOperation call)
    {
        for (IOperation? op = call.Parent; op is not null; op = op.Parent)
        {
            switch (op)
            {
                case IExpressionStatementOperation or IVariableDeclarationGroupOperation or IReturnOperation:
                    return true;
                case ILoopOperation or IConditionalOperation { Type: null } or IBlockOperation or ISwitchOperation or ICoalesceOperation
                    or IConditionalAccessOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }
        return false;
    }

    /// <summary>Inlines the call, or returns null (with nothing of the attempt kept) when its body cannot be lowered inline.</summary>
    private Expr? TryInlineHelper(IInvocationOperation call, string type)
    {
        int diagnostics = _diagnostics.Count, locals = _locals.Count, callees = _callees.Count, unresolved = _unresolved.Count, implicitCalls = _implicitCalls.Count;
        var inner = new List<Stmt>();
        Expr result;
        using (Sink(inner)) result = Inline(call, type);
        bool failed = _diagnostics.Skip(diagnostics).Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        // What the body reports about itself (an information, a warning) the callee reports where it is declared.
        SyntaxReference? declaration = call.TargetMethod.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault();
        for (int i = _diagnostics.Count - 1; i >= diagnostics; i--)
        {
            Location at = _diagnostics[i].Location;
            if (failed || declaration is not null && at.SourceTree == declaration.SyntaxTree && declaration.Span.Contains(at.SourceSpan)) _diagnostics.RemoveAt(i);
        }
        if (failed)
        {
            _locals.RemoveRange(locals, _locals.Count - locals);
            _callees.RemoveRange(callees, _callees.Count - callees);
            _unresolved.RemoveRange(unresolved, _unresolved.Count - unresolved);
            _implicitCalls.RemoveRange(implicitCalls, _implicitCalls.Count - implicitCalls);
            return null;
        }
        _sink.AddRange(inner);
        return result;
    }

    /// <summary>
    /// Binds an inlined callee's array or span parameter to a slice argument: the parameter becomes an alias of the
    /// sliced array (the name to bind it to is returned; the caller binds it). Null when the argument is no slice.
    /// </summary>
    private string? BindSliceParameter(IParameterSymbol p, IOperation argument, bool laterEffects)
    {
        if (p.Type is IArrayTypeSymbol || ArraySliceArgument(argument) is not Slice slice) return null;
        string name = p.Name + "View";
        for (int i = 2; _usedNames.Contains(name); i++) name = p.Name + "View_" + i;
        _usedNames.Add(name);
        string element = TypeClassifier.Text(TypeClassifier.ElementOf(p.Type, out _, out _)!);
        _aliases[name] = new SliceAlias(slice.Array, slice.ArrayBase, element, Bound(slice.Start, p.Name + "Start"), Bound(slice.Length, p.Name + "Length"));
        return name;

        // Index arithmetic on integer variables (ix * d) is used as it is: the callee cannot change the caller's
        // variables, and the reverse sweep recomputes it instead of recording a temporary per call. Not when a later
        // argument has side effects (F(x.Slice(i), i++)): then the bound is stored first.
        Expr Bound(Expr e, string hint)
        {
            if (!laterEffects && Ir.DescendantsAndSelf(e).All(x => x is Lit or Ref or Len or Un or Bin or Conv)) return e;
            string temp = NewTemp(hint, "int");
            _sink.Add(new Assign(new Ref("int", temp), HoistCalls(e, _sink)));
            return new Ref("int", temp);
        }
    }

    /// <summary>
    /// The variable an inlined method's by-value scalar parameter reads directly: the argument's, when the argument is a
    /// variable of the parameter's type and the method never assigns the parameter (a method cannot change the
    /// caller's variables, so they hold for the whole body). Saves a copy per call, and keeps loop bounds such as
    /// <c>d</c> recognizable, so loop trip counts are recomputed rather than recorded. Null: copy the argument.
    /// Local functions may assign the caller's variables they capture, so theirs are always copied.
    /// </summary>
    private static string? SharedScalarArgument(IMethodSymbol fn, IBlockOperation body, IParameterSymbol p, Expr value)
    {
        if (fn.MethodKind != MethodKind.Ordinary || value is not Ref r || r.Type != TypeClassifier.Text(p.Type)) return null;
        bool written = body.Descendants().OfType<IParameterReferenceOperation>().Any(pr =>
            SymbolEqualityComparer.Default.Equals(pr.Parameter, p) && pr.Parent switch
            {
                IAssignmentOperation a => a.Target == pr,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In } => true,
                ITupleOperation or IAddressOfOperation => true,
                _ => false,
            });
        return written ? null : r.Name;
    }

    /// <summary>
    /// Whether evaluating <paramref name="argument"/> may change a variable: an assignment, an increment, a ref or out
    /// argument, or a call of a local function or lambda (which may assign what it captures).
    /// </summary>
    private static bool HasEffects(IOperation argument) => argument.DescendantsAndSelf().Any(o => o switch
    {
        IAssignmentOperation or IIncrementOrDecrementOperation or IDeclarationExpressionOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        IInvocationOperation inv => inv.TargetMethod.MethodKind != MethodKind.Ordinary,
        _ => false,
    });

    /// <summary>A slice expression or slice alias passed as an argument, as a <see cref="Slice"/>; null for anything else.</summary>
    private Slice? ArraySliceArgument(IOperation argument)
    {
        IOperation inner = Unwrap(argument);
        if (SliceParts(inner) is not null || IsViewCall(inner) || AliasOf(inner) is not null) return ArrayArgument(argument) as Slice;
        return null;
    }
}
