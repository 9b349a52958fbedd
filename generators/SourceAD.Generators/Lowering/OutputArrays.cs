using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Which array parameters a method writes. Floating <c>T[]</c> parameters of a void method that it writes are outputs:
/// those its body writes, directly
/// (<c>y[i] = …</c>, <c>y[i] += …</c>, <c>y[i]++</c>) or by passing them, whole or sliced, to an output of a call.
/// GradBench-style helpers (<c>Qtimesx</c>, <c>mat_mult</c>) write their results into such arrays; they are treated
/// exactly as <c>Span&lt;T&gt;</c> outputs. Passive arrays a callee writes (an <c>int[]</c> edited in place) make its
/// callers save them around the call. Decided from the callee's declaration, so a caller and the callee's own lowering
/// agree.
/// </summary>
internal static partial class OutputArrays
{
    private const int MaxDepth = 4;

    /// <summary>True when <paramref name="p"/>, a parameter of a void method, is written by its body.</summary>
    public static bool IsWritten(IParameterSymbol p, Compilation? compilation) =>
        p.ContainingSymbol is IMethodSymbol { ReturnsVoid: true } && Writes(p, compilation, 0);

    /// <summary>
    /// True when the body of <paramref name="p"/>'s method writes entries of the array <paramref name="p"/>, directly or
    /// through a call (e.g. an <c>int[]</c> index list edited in place by a recursive determinant).
    /// </summary>
    public static bool Writes(IParameterSymbol p, Compilation? compilation) => Writes(p, compilation, 0);

    /// <summary>
    /// Each body of <paramref name="p"/>'s method (block or arrow) with the names that reach <paramref name="p"/>'s
    /// storage there (itself and its span views, <see cref="Aliases"/>): what the syntax walks over a parameter start from.
    /// </summary>
    private static IEnumerable<(IMethodSymbol Method, BaseMethodDeclarationSyntax Declaration, SyntaxNode Body, ViewNames Names)> Bodies(IParameterSymbol p, Compilation? compilation)
    {
        if (p.ContainingSymbol is not IMethodSymbol method) yield break;
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not BaseMethodDeclarationSyntax decl) continue;
            SyntaxNode? body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody;
            if (body is not null) yield return (method, decl, body, Aliases(body, p.Name, compilation));
        }
    }

    private static bool Writes(IParameterSymbol p, Compilation? compilation, int depth)
    {
        foreach (var (_, _, body, names) in Bodies(p, compilation))
        {
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax a when Names(a.Left, names):
                        return true;
                    case PostfixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression && Names(u.Operand, names):
                        return true;
                    case PrefixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression && Names(u.Operand, names):
                        return true;
                    case ArgumentSyntax arg when depth < MaxDepth && compilation is not null && Passes(arg.Expression, names) &&
                                                 PassedToOutput(arg, p, compilation, depth):
                        return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// True when every normal exit of <paramref name="p"/>'s method has written every entry of the output
    /// <paramref name="p"/>. An output this cannot prove is in-out (<see cref="Model.Param.InOut"/>): the entries the
    /// method leaves alone keep their derivatives through the call (GradBench gap G15: a helper that writes one column
    /// of a matrix must not clear the other columns' adjoints in its callers). The proof follows the method's paths
    /// (blocks, if/else, early returns and throws; see <see cref="CoverWalk"/>) and accepts, before each exit:
    /// <list type="bullet">
    /// <item><c>Array.Fill(p, …)</c>, <c>Array.Clear(p)</c>, <c>p.AsSpan().Fill(…)</c>/<c>Clear()</c>, for spans
    /// <c>p.Fill(…)</c>/<c>p.Clear()</c>, or passing <c>p</c> whole to an output that the callee fully writes;</item>
    /// <item>constant-index writes <c>p[0] = …; …; p[k − 1] = …;</c>, a proof for an output of length k;</item>
    /// <item>a jump-free loop <c>for (int i = s; i &lt; n; i++)</c> that assigns <c>p[i] = …</c> on every path of its body,
    /// with s = 0 or entries 0..s−1 written by constant index before it. With n = <c>p.Length</c> that is a proof. With
    /// another bound fixed on entry (an <c>int</c> parameter, another parameter's <c>Length</c>, or a local initialized
    /// to one of those and never reassigned: <c>for (int i = 0; i &lt; x.Length; i++) y[i] = …</c>, as people write it)
    /// it is a proof when <c>p.Length</c> equals that bound.</item>
    /// </list>
    /// Such a length condition is returned in <paramref name="lengthCheck"/> for derivative code to check on entry
    /// (<c>Shapes.RequireWrittenLength</c>), and only where every write of <paramref name="p"/> stays below it (otherwise
    /// the method might fully write a longer output, and the check would refuse a correct call). A method without a
    /// body in this compilation counts as writing its outputs fully: only its declaration (or a custom derivative)
    /// speaks for it.
    /// </summary>
    public static bool FullyWrites(IParameterSymbol p, Compilation? compilation, out string? lengthCheck) =>
        FullyWrites(p, compilation, 0, out lengthCheck);

    /// <summary>
    /// As above, <paramref name="depth"/> calls down. A callee's conditional proof counts for its caller without the
    /// caller checking anything: the callee's own derivative code checks its length on entry.
    /// </summary>
    private static bool FullyWrites(IParameterSymbol p, Compilation? compilation, int depth, out string? lengthCheck)
    {
        lengthCheck = null;
        if (p.ContainingSymbol is not IMethodSymbol method) return true;
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not BaseMethodDeclarationSyntax decl) continue;
            if (decl.Body is { } block && !BlockFullyWrites(block, method, p, compilation, depth, out lengthCheck)) return false;
            if (decl.ExpressionBody is { } arrow && !StatementCovers(arrow.Expression, p, compilation, depth)) return false;
        }
        return true;
    }

    private static bool BlockFullyWrites(BlockSyntax block, IMethodSymbol method, IParameterSymbol p, Compilation? compilation, int depth, out string? lengthCheck)
    {
        var walk = new CoverWalk(block, method, p, compilation, depth);
        var state = new CoverState();
        lengthCheck = null;
        if (!walk.Walk(block.Statements, state)) return false;
        if (!state.Leaves)
        {
            state.CloseConstants();
            if (!state.Done) return false;
            walk.ExitChecks.Add(state.Check);
        }
        // Every exit must need the same length (none, or one bound).
        if (walk.ExitChecks.Distinct().Count() != 1) return false;
        lengthCheck = walk.ExitChecks[0];
        // A length condition is only as good as the writes it describes: with a write elsewhere (z[0] = …; a loop from
        // 1; an extra entry after the loop) the method may fully write a longer output, and the check would refuse it.
        string? check = lengthCheck;
        return check is null || WriteSites(block, Aliases(block, p.Name, compilation)).All(w => walk.ProofNodes.Any(n => n.Span.Contains(w.Span)) || WithinBound(w, check, block, method));
    }

    /// <summary>What one path through the method has written of the output so far.</summary>
    private sealed class CoverState
    {
        /// <summary>Every entry is written (when its length is <see cref="Check"/>, if set).</summary>
        public bool Done;
        public string? Check;
        /// <summary>Entries written by constant index (<c>result[0] = …; result[1] = …;</c>).</summary>
        public HashSet<int> Constants = new();
        /// <summary>The path has left the method (its exit was checked where it left).</summary>
        public bool Leaves;

        public CoverState Clone() => new() { Done = Done, Check = Check, Constants = new HashSet<int>(Constants) };

        /// <summary>Entries 0..k−1 written by constant index cover an output of length k.</summary>
        public void CloseConstants()
        {
            if (Done || Constants.Count == 0 || Constants.Max() != Constants.Count - 1) return;
            Done = true;
            Check = Constants.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Follows the statements of a method along its paths (if/else, blocks, early returns) and decides whether every
    /// path that leaves it has written the whole output. Anything it does not model counts as not covering, and any
    /// jump it does not model fails the proof.
    /// </summary>
    private sealed class CoverWalk(BlockSyntax body, IMethodSymbol method, IParameterSymbol p, Compilation? compilation, int depth)
    {
        /// <summary>The length check each exit found so far needs (null: none).</summary>
        public List<string?> ExitChecks { get; } = new();

        /// <summary>The statements the proof rests on (covering loops, constant-index writes).</summary>
        public List<SyntaxNode> ProofNodes { get; } = new();

        /// <summary>False when some exit may leave entries unwritten.</summary>
        public bool Walk(IEnumerable<StatementSyntax> statements, CoverState state)
        {
            foreach (StatementSyntax s in statements)
            {
                if (state.Done && !Jumps(s, includeLoopJumps: false)) continue;
                switch (s)
                {
                    case ForStatementSyntax f when LoopCovers(f, body, method, p, state.Constants, out string? check):
                        state.Done = true;
                        state.Check = check;
                        ProofNodes.Add(f);
                        continue;
                    case ExpressionStatementSyntax { Expression: var e } when StatementCovers(e, p, compilation, depth):
                        state.Done = true;
                        continue;
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax arr, ArgumentList.Arguments: { Count: 1 } idx } } }
                        when arr.Identifier.ValueText == p.Name && idx[0].Expression is LiteralExpressionSyntax { Token.Value: int k } && k >= 0:
                        state.Constants.Add(k);
                        ProofNodes.Add(s);
                        continue;
                    case BlockSyntax b:
                        if (!Walk(b.Statements, state)) return false;
                        continue;
                    case IfStatementSyntax i:
                        if (!Branches(i, state)) return false;
                        continue;
                    case ReturnStatementSyntax:
                        state.CloseConstants();
                        if (!state.Done) return false;
                        ExitChecks.Add(state.Check);
                        state.Leaves = true;
                        return true;
                    case ThrowStatementSyntax:
                        state.Leaves = true;
                        return true;
                    default:
                        // A return nested where this walk does not follow (a loop): fine once everything is written.
                        if (Jumps(s, includeLoopJumps: false) && !(state.Done && !s.DescendantNodesAndSelf().OfType<GotoStatementSyntax>().Any())) return false;
                        continue;
                }
            }
            return true;
        }

        private bool Branches(IfStatementSyntax i, CoverState state)
        {
            CoverState then = state.Clone(), other = state.Clone();
            if (!Walk(Statements(i.Statement), then)) return false;
            if (i.Else is not null && !Walk(Statements(i.Else.Statement), other)) return false;
            // A branch that left was checked at its exit; what follows sees the other branch's state.
            var falling = new List<CoverState>();
            if (!then.Leaves) falling.Add(then);
            if (!other.Leaves) falling.Add(other);
            if (falling.Count == 0) { state.Leaves = true; return true; }
            state.Done = falling.All(f => f.Done) && falling.Select(f => f.Check).Distinct().Count() == 1;
            state.Check = state.Done ? falling[0].Check : null;
            state.Constants = new HashSet<int>(falling[0].Constants);
            foreach (CoverState f in falling.Skip(1)) state.Constants.IntersectWith(f.Constants);
            return true;
        }

        private static IEnumerable<StatementSyntax> Statements(StatementSyntax s) => s is BlockSyntax b ? b.Statements : new[] { s };
    }

    /// <summary><c>for (int i = 0; i &lt; n; i++) { … p[i] = …; … }</c> with no jump in the body and n fixed on entry.</summary>
    private static bool LoopCovers(ForStatementSyntax f, BlockSyntax body, IMethodSymbol method, IParameterSymbol p, HashSet<int> written, out string? lengthCheck)
    {
        lengthCheck = null;
        // From 0, or from k when entries 0..k−1 were written by constant index (z[0] = …; for (int i = 1; …) z[i] = …).
        if (f.Declaration is not { Variables: { Count: 1 } vars } || vars[0].Initializer?.Value is not LiteralExpressionSyntax { Token.Value: int start } ||
            start < 0 || Enumerable.Range(0, start).Any(k => !written.Contains(k))) return false;
        string i = vars[0].Identifier.ValueText;
        if (f.Condition is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression, Left: IdentifierNameSyntax { Identifier.ValueText: var left }, Right: var bound } || left != i) return false;
        if (f.Incrementors.Count != 1 || !IsIncrement(f.Incrementors[0], i)) return false;
        if (!AssignsOnEveryPath(f.Statement, p.Name, i)) return false;
        if (Jumps(f.Statement, includeLoopJumps: true) || Assigns(f.Statement, i)) return false;
        string? entryBound = EntryValue(bound, body, method);
        if (entryBound is null) return false;
        if (entryBound != Model.Identifiers.Escape(p.Name) + ".Length") lengthCheck = entryBound;
        return true;
    }

    /// <summary>Where the method may write the array <paramref name="names"/> name (it and its views): element assignments and increments, and arguments passing it.</summary>
    private static IEnumerable<SyntaxNode> WriteSites(BlockSyntax body, ViewNames names) =>
        body.DescendantNodes().Where(n => n switch
        {
            AssignmentExpressionSyntax a => Names(a.Left, names),
            PostfixUnaryExpressionSyntax u => Names(u.Operand, names),
            PrefixUnaryExpressionSyntax u => Names(u.Operand, names),
            ArgumentSyntax arg => Passes(arg.Expression, names),
            _ => false,
        });

    /// <summary>
    /// Whether a write outside the proof stays below the checked length: <c>p[c]</c> with a constant c &lt; k, or
    /// <c>p[i]</c> in a loop <c>for (int i = 0; i &lt; n; i++)</c> over the same bound (softmax's normalizing loop).
    /// </summary>
    private static bool WithinBound(SyntaxNode site, string check, BlockSyntax body, IMethodSymbol method)
    {
        ExpressionSyntax? target = site switch
        {
            AssignmentExpressionSyntax a => a.Left,
            PostfixUnaryExpressionSyntax u => u.Operand,
            PrefixUnaryExpressionSyntax u => u.Operand,
            _ => null,
        };
        return target is ElementAccessExpressionSyntax e && IndexWithinBound(e, check, body, method);
    }

    /// <summary><c>p[c]</c> with a constant c below the checked length, or <c>p[i]</c> in a loop over the same bound.</summary>
    private static bool IndexWithinBound(ElementAccessExpressionSyntax target, string check, BlockSyntax body, IMethodSymbol method)
    {
        if (target is not { ArgumentList.Arguments: { Count: 1 } args }) return false;
        switch (args[0].Expression)
        {
            case LiteralExpressionSyntax { Token.Value: int c }:
                return int.TryParse(check, out int k) && c >= 0 && c < k;
            case IdentifierNameSyntax { Identifier.ValueText: var i }:
                ForStatementSyntax? loop = target.Ancestors().OfType<ForStatementSyntax>().FirstOrDefault(f => f.Declaration?.Variables.Count == 1 && f.Declaration.Variables[0].Identifier.ValueText == i);
                return loop is { Declaration.Variables: var vars, Condition: BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LessThanExpression, Left: IdentifierNameSyntax left, Right: var bound } } &&
                       vars[0].Initializer?.Value is LiteralExpressionSyntax { Token.Value: int start } && start >= 0 && left.Identifier.ValueText == i &&
                       loop.Incrementors.Count == 1 && IsIncrement(loop.Incrementors[0], i) && !Assigns(loop.Statement, i) &&
                       EntryValue(bound, body, method) == check;
            default:
                return false;
        }
    }

    /// <summary><c>p[i] = …</c> on every path through <paramref name="s"/> (directly, in a block, or in both branches of an if/else).</summary>
    private static bool AssignsOnEveryPath(StatementSyntax s, string p, string i) => s switch
    {
        BlockSyntax b => b.Statements.Any(t => AssignsOnEveryPath(t, p, i)),
        IfStatementSyntax { Else: { } e } f => AssignsOnEveryPath(f.Statement, p, i) && AssignsOnEveryPath(e.Statement, p, i),
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax arr, ArgumentList.Arguments: { Count: 1 } idx } } } =>
            arr.Identifier.ValueText == p && idx[0].Expression is IdentifierNameSyntax { Identifier.ValueText: var k } && k == i,
        _ => false,
    };

    /// <summary>
    /// The bound as an expression over the method's parameters, valid on entry: an <c>int</c> parameter or an array or
    /// span parameter's <c>Length</c>, directly or through a local initialized to it, none of them ever reassigned.
    /// </summary>
    private static string? EntryValue(ExpressionSyntax bound, BlockSyntax body, IMethodSymbol method)
    {
        switch (bound)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax { Identifier.ValueText: var a } }
                when method.Parameters.Any(q => q.Name == a && q.RefKind == RefKind.None && q.Type is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }) && !Assigns(body, a):
                return Model.Identifiers.Escape(a) + ".Length";
            case IdentifierNameSyntax { Identifier.ValueText: var n } when !Assigns(body, n):
                if (method.Parameters.Any(q => q.Name == n && q.RefKind == RefKind.None && q.Type.SpecialType == SpecialType.System_Int32)) return Model.Identifiers.Escape(n);
                var declarators = body.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(v => v.Identifier.ValueText == n).ToList();
                return declarators.Count == 1 && declarators[0].Initializer?.Value is { } init && init is not IdentifierNameSyntax ? EntryValue(init, body, method) : null;
            default:
                return null;
        }
    }

    private static bool StatementCovers(ExpressionSyntax e, IParameterSymbol p, Compilation? compilation, int depth)
    {
        if (e is not InvocationExpressionSyntax inv) return false;
        var args = inv.ArgumentList.Arguments;
        if (inv.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Expression: var receiver })
        {
            // Array.Fill(p, v), Array.Clear(p)
            if (receiver is IdentifierNameSyntax { Identifier.ValueText: "Array" } && (name == "Fill" && args.Count == 2 || name == "Clear" && args.Count == 1) &&
                args[0].Expression is IdentifierNameSyntax a0 && a0.Identifier.ValueText == p.Name) return true;
            // p.AsSpan().Fill(v), p.AsSpan().Clear(), and for spans p.Fill(v), p.Clear()
            if (name is "Fill" or "Clear")
            {
                ExpressionSyntax target = receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan", Expression: var inner }, ArgumentList.Arguments.Count: 0 } ? inner : receiver;
                if (target is IdentifierNameSyntax t && t.Identifier.ValueText == p.Name) return true;
            }
        }
        // Passed whole to a callee's output that the callee fully writes.
        if (depth >= MaxDepth || compilation is null) return false;
        foreach (ArgumentSyntax arg in args)
        {
            if (arg.Expression is not IdentifierNameSyntax id || id.Identifier.ValueText != p.Name) continue;
            IParameterSymbol? target = Target(arg, compilation);
            if (target is null || SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, p.OriginalDefinition)) continue;
            if (target.RefKind == RefKind.None && PassedToOutput(arg, p, compilation, depth) && FullyWrites(target.OriginalDefinition, compilation, depth + 1, out _)) return true;
        }
        return false;
    }

    private static bool IsIncrement(ExpressionSyntax e, string i) => e switch
    {
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression, Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == i,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression, Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == i,
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Left: IdentifierNameSyntax id, Right: LiteralExpressionSyntax { Token.Value: 1 } } => id.Identifier.ValueText == i,
        _ => false,
    };

    /// <summary>Whether <paramref name="node"/> assigns, increments or passes by reference the variable <paramref name="name"/>.</summary>
    private static bool Assigns(SyntaxNode node, string name) => node.DescendantNodes().Any(n => n switch
    {
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression, Operand: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax id } => id.Identifier.ValueText == name,
        _ => false,
    });

    /// <summary>
    /// Whether <paramref name="node"/> may leave by <c>return</c> or <c>goto</c> (and, with <paramref name="includeLoopJumps"/>,
    /// skip the rest of an iteration by <c>break</c> or <c>continue</c>). Lambdas and local functions are not counted.
    /// </summary>
    private static bool Jumps(SyntaxNode node, bool includeLoopJumps) =>
        node.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).Any(n =>
            n is ReturnStatementSyntax or GotoStatementSyntax || includeLoopJumps && n is BreakStatementSyntax or ContinueStatementSyntax);

    /// <summary><c>name[…]</c>.</summary>
    private static bool Names(ExpressionSyntax target, string name) =>
        target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax id } && id.Identifier.ValueText == name;

    /// <summary>The array an argument passes: <c>a</c>, <c>a.AsSpan(…)</c>, <c>a[i..j]</c>, <c>a.Slice(…)</c>.</summary>
    /// <summary>The name an expression views, by syntax alone: an identifier, or a slice, AsSpan or range of one.</summary>
    internal static string? SourceName(ExpressionSyntax e) => Source(e, null);

    /// <summary>As <see cref="SourceName"/>, and through calls of span-view helpers where a compilation binds them.</summary>
    private static string? Source(ExpressionSyntax e, Compilation? compilation) => e switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice", Expression: var inner } } => Source(inner, compilation),
        ElementAccessExpressionSyntax { Expression: var inner, ArgumentList.Arguments: { Count: 1 } args } when args[0].Expression is RangeExpressionSyntax => Source(inner, compilation),
        InvocationExpressionSyntax view => ViewSource(view, compilation),
        _ => null,
    };

    /// <summary>The callee parameter an argument binds to, or null.</summary>
    private static IParameterSymbol? Target(ArgumentSyntax arg, Compilation compilation)
    {
        if (arg.Parent?.Parent is not InvocationExpressionSyntax invocation) return null;
        if (!compilation.ContainsSyntaxTree(invocation.SyntaxTree)) return null;
        SemanticModel model = compilation.GetSemanticModel(invocation.SyntaxTree);
        if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol callee) return null;
        int index = ((ArgumentListSyntax)arg.Parent).Arguments.IndexOf(arg);
        return arg.NameColon is { } nc
            ? callee.Parameters.FirstOrDefault(q => q.Name == nc.Name.Identifier.ValueText)
            : index < callee.Parameters.Length ? callee.Parameters[index] : null;
    }

    private static bool PassedToOutput(ArgumentSyntax arg, IParameterSymbol p, Compilation compilation, int depth)
    {
        IParameterSymbol? target = Target(arg, compilation);
        if (target is null) return false;
        ITypeSymbol? element = TypeClassifier.ElementOf(target.Type, out bool isSpan, out _);
        if (element is null) return false;
        if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, p.OriginalDefinition)) return false; // recursion: its own writes are seen directly
        return isSpan && TypeClassifier.IsFloating(element) || target.Type is IArrayTypeSymbol && Writes(target.OriginalDefinition, compilation, depth + 1);
    }
}
