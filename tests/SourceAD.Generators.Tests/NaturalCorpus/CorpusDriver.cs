using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SourceAD.Generators.Tests.NaturalCorpus;

/// <summary>What the harness knows of one program's entry: which parameters are differentiable inputs and which outputs.</summary>
/// <remarks><paramref name="SinglePrecision"/>: the generated code computes in float (System.Numerics vectors), so the checks use float tolerances.</remarks>
public sealed record EntryShape(int ParameterCount, IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs, bool IsVector, bool HasGradient, bool HasClosedForm, bool SinglePrecision = false);

/// <summary>
/// Writes a small C# class, compiled into the program's assembly, that calls the user's method and the generated
/// Gradient/Pullback/Pushforward with arguments boxed in object arrays. Span parameters cannot be passed through
/// reflection, so the driver does the conversions (arrays to spans, ref locals) in C#, from the generated signatures.
/// </summary>
public static class CorpusDriver
{
    public const string TypeName = "CorpusDriver__";

    private static readonly SymbolDisplayFormat Full = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>The driver source, or an explanation of why the generated members do not have the expected shape.</summary>
    public static (string? Source, EntryShape? Shape, string? Problem) Write(CorpusProgram p, Compilation output)
    {
        INamedTypeSymbol? type = output.GetTypeByMetadataName(p.TypeName);
        if (type is null) return (null, null, $"harness: type {p.TypeName} not found (header 'entry')");
        IMethodSymbol? primal = type.GetMembers(p.MethodName).OfType<IMethodSymbol>()
            .FirstOrDefault(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "DifferentiableAttribute"));
        if (primal is null) return (null, null, $"harness: no [Differentiable] method {p.Entry}");

        var args = ((InvocationExpressionSyntax)SyntaxFactory.ParseExpression("M(" + p.Args + ")")).ArgumentList.Arguments;
        if (args.Count != primal.Parameters.Length) return (null, null, $"harness: {args.Count} args for {primal.Parameters.Length} parameters");

        bool isVector = primal.ReturnsVoid;
        var outputs = new List<int>();
        var inputs = new List<int>();
        for (int i = 0; i < primal.Parameters.Length; i++)
        {
            IParameterSymbol par = primal.Parameters[i];
            if (isVector && IsSpan(par.Type, "Span") && HasFloating(SpanElement(par.Type)!)) outputs.Add(i);
            else if (HasFloating(par.Type) && !par.GetAttributes().Any(a => a.AttributeClass?.Name == "NoDerivativeAttribute")) inputs.Add(i);
        }
        int n = primal.Parameters.Length;
        int seeds = isVector ? outputs.Count : 1;

        IMethodSymbol? Generated(string suffix, int trailing) => type.GetMembers(p.MethodName + suffix).OfType<IMethodSymbol>()
            .FirstOrDefault(m => m.IsStatic == primal.IsStatic && m.Parameters.Length == n + trailing
                && m.Parameters.Take(n).Zip(primal.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(x => x));
        IMethodSymbol? pullback = Generated("Pullback", seeds + inputs.Count);
        IMethodSymbol? pushforward = Generated("Pushforward", inputs.Count + (isVector ? outputs.Count : 0));
        IMethodSymbol? gradient = isVector ? null : Generated("Gradient", 0);
        string Members(string suffix) => string.Join("; ", type.GetMembers(p.MethodName + suffix).Select(m => m.ToDisplayString()));
        if (pullback is null || pushforward is null || (!isVector && gradient is null))
        {
            return (null, null, "no diagnostic, but the generated members are missing or not of the expected shape: " +
                $"Pullback [{Members("Pullback")}], Pushforward [{Members("Pushforward")}], Gradient [{Members("Gradient")}] " +
                $"(expected {seeds} seed(s), then one adjoint/tangent per differentiable input: parameters {string.Join(",", inputs)})");
        }
        IMethodSymbol? closed = p.ClosedForm is null ? null : type.GetMembers(p.ClosedForm).OfType<IMethodSymbol>().FirstOrDefault();
        if (p.ClosedForm is not null && closed is null) return (null, null, $"harness: closed form {p.ClosedForm} not found");

        string recvType = type.ToDisplayString(Full);
        string Recv(IMethodSymbol m) => m.IsStatic ? recvType : $"(({recvType})r!)";
        var sb = new StringBuilder();
        sb.AppendLine("#nullable disable");
        sb.AppendLine($"public static class {TypeName}");
        sb.AppendLine("{");
        sb.AppendLine("    public static global::System.Span<T> SpanOf<T>(object o) => o is T[] a ? a : global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan((global::System.Collections.Generic.List<T>)o);");
        sb.AppendLine($"    public static object Receiver() => {(p.Receiver is null ? "null" : $"(object)({p.Receiver})")};");
        sb.AppendLine("    public static object[] Args() => new object[] { " +
            string.Join(", ", args.Select((a, i) => $"(object)({ArgType(primal.Parameters[i].Type)})({a})")) + " };");
        sb.Append(Method("Primal", primal, Recv(primal), primal.Name, primal.Parameters.Length, primal.Parameters.Length));
        sb.Append(Method("Pullback", pullback, Recv(pullback), pullback.Name, n, pullback.Parameters.Length));
        sb.Append(Method("Pushforward", pushforward, Recv(pushforward), pushforward.Name, n, pushforward.Parameters.Length));
        if (gradient is not null) sb.Append(Method("Gradient", gradient, Recv(gradient), gradient.Name, n, n));
        if (closed is not null) sb.Append(Method("Closed", closed, Recv(closed), closed.Name, closed.Parameters.Length, closed.Parameters.Length));
        sb.AppendLine("}");
        bool single = output.SyntaxTrees.Any(t => t.FilePath.EndsWith("Derivatives.g.cs", StringComparison.Ordinal) &&
            t.GetRoot().DescendantNodes().OfType<PredefinedTypeSyntax>().Any(k => k.Keyword.IsKind(SyntaxKind.FloatKeyword)));
        return (sb.ToString(), new EntryShape(n, inputs, outputs, isVector, gradient is not null, closed is not null, single), null);
    }

    /// <summary>
    /// <c>public static object Name(object r, object[] a, object[] t)</c>: the first <paramref name="fromArgs"/>
    /// parameters come from <c>a</c>, the rest from <c>t</c>; ref arguments are written back into their slot.
    /// </summary>
    private static string Method(string name, IMethodSymbol target, string receiver, string member, int fromArgs, int total)
    {
        var pre = new StringBuilder();
        var post = new StringBuilder();
        var list = new List<string>();
        for (int i = 0; i < total; i++)
        {
            IParameterSymbol par = target.Parameters[i];
            string slot = i < fromArgs ? $"a[{i}]" : $"t[{i - fromArgs}]";
            string type = ArgType(par.Type);
            if (par.RefKind is RefKind.Ref or RefKind.Out)
            {
                pre.Append($"        var l{i} = ({type}){slot};\n");
                list.Add((par.RefKind == RefKind.Ref ? "ref" : "out") + $" l{i}");
                post.Append($"        {slot} = l{i};\n");
            }
            else if (par.Type.SpecialType == SpecialType.System_Single)
            {
                // The checks box seeds and tangents of scalars as double: a float method's seed unboxes by conversion.
                list.Add($"global::System.Convert.ToSingle({slot}, global::System.Globalization.CultureInfo.InvariantCulture)");
            }
            else if (SpanElement(par.Type) is ITypeSymbol element)
            {
                // A seed, adjoint or tangent of a List<T> input is built like the input (a list): passed as its storage.
                list.Add($"{TypeName}.SpanOf<{element.ToDisplayString(Full)}>({slot})");
            }
            else
            {
                list.Add($"({type}){slot}");
            }
        }
        string call = $"{receiver}.{member}({string.Join(", ", list)})";
        string body = target.ReturnsVoid ? $"        {call};\n{post}        return null;\n" : $"        object v = {call};\n{post}        return v;\n";
        return $"    public static object {name}(object r, object[] a, object[] t)\n    {{\n{pre}{body}    }}\n";
    }

    /// <summary>The type an argument is boxed as: the parameter's type, with spans as arrays.</summary>
    private static string ArgType(ITypeSymbol t) => SpanElement(t) is ITypeSymbol e ? e.ToDisplayString(Full) + "[]" : t.ToDisplayString(Full);

    private static bool IsSpan(ITypeSymbol t, string name) =>
        t is INamedTypeSymbol { Name: var n, Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && n == name;

    private static ITypeSymbol? SpanElement(ITypeSymbol t) =>
        IsSpan(t, "Span") || IsSpan(t, "ReadOnlySpan") ? ((INamedTypeSymbol)t).TypeArguments[0] : null;

    private static bool HasFloating(ITypeSymbol t) => HasFloating(t, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool HasFloating(ITypeSymbol t, HashSet<ITypeSymbol> seen)
    {
        if (t.SpecialType is SpecialType.System_Double or SpecialType.System_Single) return true;
        if (t is INamedTypeSymbol { Name: "Half", ContainingNamespace.Name: "System" }) return true;
        if (t is IArrayTypeSymbol arr) return HasFloating(arr.ElementType, seen);
        if (SpanElement(t) is ITypeSymbol e) return HasFloating(e, seen);
        if (t is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } seq && seq.OriginalDefinition.ToDisplayString() is
            "System.Collections.Generic.List<T>" or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyList<T>") return HasFloating(seq.TypeArguments[0], seen);
        if (t.SpecialType != SpecialType.None || t.TypeKind is TypeKind.Enum or TypeKind.Pointer or TypeKind.Delegate) return false;
        if (!seen.Add(t)) return false;
        return t.GetMembers().Any(m => m switch
        {
            IFieldSymbol f => !f.IsStatic && HasFloating(f.Type, seen),
            IPropertySymbol pr => !pr.IsStatic && !pr.IsIndexer && HasFloating(pr.Type, seen),
            _ => false,
        });
    }
}
