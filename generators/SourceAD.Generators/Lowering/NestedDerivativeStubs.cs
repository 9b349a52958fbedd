using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A [Differentiable] method that calls another one's generated members (<c>PotentialGradient(x, y, w).DX</c>) does not
/// bind in the generator: a generator never sees its own output, so the call is an error there, while the analyzer (which
/// does see the generated files) binds it to the generated member. So that both lower the same tree, the generator binds
/// such a method once more in a compilation with a stub of the generated signatures (<see cref="Rebind"/>): declarations
/// only, never emitted, written from the same naming rules as <see cref="Emit.SourceEmitter"/>.
/// </summary>
internal static class NestedDerivativeStubs
{
    /// <summary>The path of the stub tree, which <see cref="IsStub"/> recognizes.</summary>
    private const string StubPath = "SourceAD.NestedStubs.Derivatives.g.cs";

    /// <summary>The generated members a [Differentiable] method may name (the first is the one it can differentiate).</summary>
    internal static readonly string[] Suffixes = { "Gradient", "Pushforward", "Pullback", "HessianVectorProduct", "Hessian" };

    /// <summary>True for a member declared by a stub (so: in the generator, before the member exists).</summary>
    public static bool IsStub(ISymbol symbol) => symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath == StubPath);

    /// <summary>
    /// The semantic model and method symbol to lower with: the given ones, or, when the body calls generated members of
    /// [Differentiable] methods that this compilation does not declare yet, those of a compilation with their stubs.
    /// </summary>
    public static (SemanticModel Model, IMethodSymbol Method) Rebind(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel callerModel, CancellationToken ct)
    {
        try
        {
            return RebindCore(method, syntax, callerModel, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never a generator failure: the method is lowered as it binds (an unbound call keeps it unlowered).
            return (callerModel, method);
        }
    }

    private static (SemanticModel Model, IMethodSymbol Method) RebindCore(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel callerModel, CancellationToken ct)
    {
        SemanticModel model = callerModel;
        var primals = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var (call, model_) in Invocations(syntax, model, ct))
        {
            model = model_;
            string? name = call.Expression switch
            {
                IdentifierNameSyntax id => id.Identifier.ValueText,
                MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
                _ => null,
            };
            string? suffix = name is null ? null : Suffixes.FirstOrDefault(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal));
            if (suffix is null || model.GetSymbolInfo(call, ct).Symbol is not null) continue;
            string primalName = name!.Substring(0, name.Length - suffix.Length);
            INamedTypeSymbol? type = call.Expression is MemberAccessExpressionSyntax access
                ? model.GetSymbolInfo(access.Expression, ct).Symbol as INamedTypeSymbol
                : model.GetEnclosingSymbol(call.SpanStart, ct)?.ContainingType ?? method.ContainingType;
            for (INamedTypeSymbol? t = type; t is not null && primals.Count < 64; t = call.Expression is MemberAccessExpressionSyntax ? null : t.ContainingType)
            {
                foreach (IMethodSymbol candidate in t.GetMembers(primalName).OfType<IMethodSymbol>())
                {
                    if (candidate.TypeParameters.Length == 0 && TypeClassifier.HasAttribute(candidate, PolicyResolver.MethodAttribute) &&
                        candidate.DeclaringSyntaxReferences.Length > 0 && !primals.ContainsKey(candidate))
                    {
                        primals[candidate] = StubMembers(candidate, model.Compilation);
                    }
                }
            }
        }
        model = callerModel;
        if (primals.Count == 0) return (model, method);
        var text = new StringBuilder("#nullable enable\n");
        foreach (var group in primals.GroupBy(p => p.Key.ContainingType, SymbolEqualityComparer.Default))
        {
            List<TypeDecl>? types = TypeDecls.For((INamedTypeSymbol?)group.Key, ct);
            if (types is null) continue;
            INamespaceSymbol? ns = ((INamedTypeSymbol)group.Key!).ContainingNamespace;
            bool named = ns is { IsGlobalNamespace: false };
            if (named) text.Append("namespace ").Append(ns!.ToDisplayString()).Append(" {\n");
            foreach (TypeDecl t in types) text.Append(t.Keyword).Append(' ').Append(t.Name).Append(" {\n");
            foreach (var member in group) text.Append(member.Value);
            foreach (TypeDecl _ in types) text.Append("}\n");
            if (named) text.Append("}\n");
        }
        SyntaxTree stub = CSharpSyntaxTree.ParseText(text.ToString(), (CSharpParseOptions)syntax.SyntaxTree.Options, StubPath, cancellationToken: ct);
        Compilation compilation = model.Compilation.AddSyntaxTrees(stub);
        SemanticModel rebound = compilation.GetSemanticModel(syntax.SyntaxTree);
        return rebound.GetDeclaredSymbol(syntax, ct) is IMethodSymbol m ? (rebound, m) : (model, method);
    }

    /// <summary>
    /// The invocations in the method's body and, transitively, in the bodies of the methods in source it calls (helpers
    /// and inline-only methods are lowered into it, bound by this same compilation), each with its tree's model.
    /// </summary>
    private static IEnumerable<(InvocationExpressionSyntax Call, SemanticModel Model)> Invocations(MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken ct)
    {
        var seen = new HashSet<SyntaxNode> { syntax };
        var pending = new Stack<(MethodDeclarationSyntax, SemanticModel)>();
        pending.Push((syntax, model));
        while (pending.Count > 0 && seen.Count < 256)
        {
            var (method, m) = pending.Pop();
            SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
            if (body is null) continue;
            foreach (InvocationExpressionSyntax call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                yield return (call, m);
                // A [Differentiable] callee (not inline-only) is lowered on its own, with its own stubs.
                if (m.GetSymbolInfo(call, ct).Symbol is not IMethodSymbol callee ||
                    TypeClassifier.HasAttribute(callee.OriginalDefinition, PolicyResolver.MethodAttribute) && !MethodLowering.IsInlineOnly(callee)) continue;
                foreach (SyntaxReference r in callee.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    if (r.GetSyntax(ct) is MethodDeclarationSyntax decl && m.Compilation.ContainsSyntaxTree(decl.SyntaxTree) && seen.Add(decl))
                    {
                        pending.Push((decl, decl.SyntaxTree == m.SyntaxTree ? m : m.Compilation.GetSemanticModel(decl.SyntaxTree)));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The generated members' signatures (SourceEmitter and HessianEmitter): FGradient's tuple (Value, D + each
    /// differentiable parameter), FPushforward, FPullback, FHessianVectorProduct and FHessian (only refused calls bind
    /// to those); bodies throw. A method whose parameters SourceAD cannot
    /// classify gets nothing (the call stays unbound and the method unlowered, as before).
    /// </summary>
    private static string StubMembers(IMethodSymbol m, Compilation compilation)
    {
        var ps = new List<Param>();
        foreach (IParameterSymbol p in m.Parameters)
        {
            if (TypeClassifier.Classify(p, out _, compilation) is not Param param) return "";
            ps.Add(param);
        }
        if (m.ReturnsVoid || !TypeClassifier.IsFloating(m.ReturnType)) return "";
        string r = TypeClassifier.Text(m.ReturnType);
        string modifiers = m.IsStatic ? "public static " : "public ";
        string primal = string.Join(", ", ps.Select(p => $"{p.TypeText} {p.Name}"));
        var inputs = ps.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput && !p.IsNested).ToList();
        if (inputs.Count == 0) return "";
        var elements = new NameScope(new[] { "Value" });
        string tuple = string.Join(", ", new[] { r + " Value" }.Concat(inputs.Select(p =>
            (p.Kind == ParamKind.Real ? p.TypeText : p.ElementType + "[]") + " " + elements.Reserve("D" + Identifiers.Pascal(p.Name)))));
        var sb = new StringBuilder();
        sb.Append(modifiers).Append('(').Append(tuple).Append(") ").Append(m.Name).Append("Gradient(").Append(primal).Append(") => throw null!;\n");
        string tangents = string.Join(", ", inputs.Select((p, i) => p.Kind == ParamKind.Real ? $"{r} __t{i}" : $"global::System.ReadOnlySpan<{r}> __t{i}"));
        sb.Append(modifiers).Append($"({r} Value, {r} Tangent) ").Append(m.Name).Append("Pushforward(").Append(primal).Append(", ").Append(tangents).Append(") => throw null!;\n");
        string adjoints = string.Join(", ", inputs.Select((p, i) => p.Kind == ParamKind.Real ? $"ref {r} __d{i}" : $"global::System.Span<{r}> __d{i}"));
        sb.Append(modifiers).Append(r).Append(' ').Append(m.Name).Append("Pullback(").Append(primal).Append($", {r} __seed, ").Append(adjoints).Append(") => throw null!;\n");
        string hessianTuple = tuple + ", " + string.Join(", ", inputs.Select(p => (p.Kind == ParamKind.Real ? p.TypeText : p.ElementType + "[]") + " " + elements.Reserve("H" + Identifiers.Pascal(p.Name))));
        sb.Append(modifiers).Append('(').Append(hessianTuple).Append(") ").Append(m.Name).Append("HessianVectorProduct(").Append(primal).Append(", ").Append(tangents).Append(") => throw null!;\n");
        sb.Append(modifiers).Append(r).Append("[,] ").Append(m.Name).Append("Hessian(").Append(primal).Append(") => throw null!;\n");
        return sb.ToString();
    }
}
