using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The generator's folders depend on each other one way (issue 17, "a one-way pipeline", generators/README.md):
/// Lowering → Analyses → Transforms (the plan) → Emit → Cost, each stage reading only the folders below it. The test
/// compiles the generator's sources with Roslyn, binds every name they use (comments and XML docs are trivia, so they
/// are not read) to the file that declares it, and checks that every edge between folders goes down <see cref="Order"/>.
/// Binding, not matching names, so a type named like one in another folder, a member reached through a value
/// (<c>model.Body.Stmts</c>) and an extension method all count as what they are.
/// </summary>
public class PipelineLayeringTests
{
    /// <summary>
    /// The folders, lowest first: a file may use the folders before its own, never one after it. "(root)" is the
    /// generator's entry point (DifferentiableGenerator.cs, MethodPipeline.cs), which runs every stage in order.
    /// Optimizers (the [UpdateRule] generator) is a column of its own: it shares the leaf folders and the printer,
    /// and no stage of the derivative pipeline reads it.
    /// </summary>
    internal static readonly ImmutableArray<string> Order =
    [
        "Polyfills", "Helpers", "Policy", "Registry", "Diagnostics", // leaves: no stage of the pipeline
        "IR", "Model", "Primitives",                                 // the program's facts and the primitive rows
        "Printing",                                                  // text primitives: the line plan and the expression printer
        "Lowering", "Analyses", "Transforms", "Emit", "Cost",        // the stages, in the order they run
        "Optimizers",                                                // the [UpdateRule] generator's column
        "(root)",
    ];

    /// <summary>
    /// Edges that go against <see cref="Order"/> and are tolerated, each with its reason. Empty: every back arrow
    /// was removed. An entry here is a debt, and the test fails when one is no longer needed.
    /// </summary>
    private static readonly ImmutableArray<(string From, string To, string Why)> Exceptions = [];

    private static readonly Lazy<CSharpCompilation> Generator = new(() => Compile(SourceFiles()));

    [Fact]
    public void EveryFolderUsesOnlyTheFoldersBelowIt()
    {
        var edges = Edges(Generator.Value);
        var unknown = edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Where(f => !Order.Contains(f)).ToList();
        Assert.True(unknown.Count == 0, "folders missing from Order: " + string.Join(", ", unknown));
        var back = edges.Where(e => Order.IndexOf(e.Key.To) > Order.IndexOf(e.Key.From)
                                    && !Exceptions.Any(x => x.From == e.Key.From && x.To == e.Key.To))
            .Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        Assert.True(back.Count == 0, "back arrows (a folder using one above it in Order):\n" + string.Join("\n", back));
        var stale = Exceptions.Where(x => !edges.ContainsKey((x.From, x.To))).Select(x => $"{x.From} → {x.To}").ToList();
        Assert.True(stale.Count == 0, "exceptions no longer needed: " + string.Join(", ", stale));
    }

    [Fact]
    public void TheScanFindsABackArrow()
    {
        // A file in IR that reaches into Lowering, as a helper once did: the scan must report the edge IR → Lowering.
        var files = SourceFiles().Add(("IR/Back.cs", """
            namespace SourceAD.Generators.IR;
            internal static class Back
            {
                // A comment naming Lowering.MethodLowering is not a use.
                internal static string Name => nameof(SourceAD.Generators.Lowering.MethodLowering);
                internal static object Use(Expr e) => SourceAD.Generators.Lowering.TypeClassifier.Text(null!);
            }
            """));
        var edges = Edges(Compile(files));
        Assert.True(edges.ContainsKey(("IR", "Lowering")), "the scan missed IR → Lowering");
        Assert.Contains("Back.cs", edges[("IR", "Lowering")]);
    }

    [Fact]
    public void NamespacesFollowFolders()
    {
        var wrong = new List<string>();
        foreach (SyntaxTree tree in Generator.Value.SyntaxTrees)
        {
            string folder = Path.GetDirectoryName(tree.FilePath)!.Replace('\\', '/');
            string expected = folder.Length == 0 ? "SourceAD.Generators" : "SourceAD.Generators." + folder.Replace('/', '.');
            foreach (var ns in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                string name = ns.Name.ToString();
                if (name != expected && !(folder == "Polyfills" && name == "System.Runtime.CompilerServices"))
                {
                    wrong.Add($"{tree.FilePath}: {name}");
                }
            }
        }
        Assert.True(wrong.Count == 0, "namespaces that do not follow their folder:\n" + string.Join("\n", wrong));
    }

    /// <summary>For each edge (from folder, to folder) between two folders, the first use found, as "file: name".</summary>
    internal static Dictionary<(string From, string To), string> Edges(CSharpCompilation compilation)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string from = FolderOf(tree.FilePath);
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                if (node is UsingDirectiveSyntax { Name: { } imported, Alias: null, StaticKeyword.RawKind: 0 })
                {
                    // An imported namespace of the generator counts too: a file that imports a later stage is one
                    // edit away from using it (and its XML docs may already name it).
                    string name = imported.ToString();
                    if (name.StartsWith("SourceAD.Generators.", StringComparison.Ordinal))
                    {
                        string to = name.Substring("SourceAD.Generators.".Length).Split('.')[0];
                        if (to != from && !edges.ContainsKey((from, to))) edges[(from, to)] = $"{Path.GetFileName(tree.FilePath)}: using {name}";
                    }
                    continue;
                }
                if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax) || node.Parent is UsingDirectiveSyntax or QualifiedNameSyntax { Parent: UsingDirectiveSyntax })
                {
                    continue;
                }
                SymbolInfo info = model.GetSymbolInfo(node);
                ISymbol? symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                foreach (string to in DeclaringFolders(symbol))
                {
                    if (to != from && !edges.ContainsKey((from, to)))
                    {
                        edges[(from, to)] = $"{Path.GetFileName(tree.FilePath)}: {node}";
                    }
                }
            }
        }
        return edges;
    }

    /// <summary>The folders of the files that declare a symbol of the generator; none for locals, namespaces and metadata.</summary>
    private static IEnumerable<string> DeclaringFolders(ISymbol? symbol)
    {
        if (symbol is null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol or ILabelSymbol or IRangeVariableSymbol
            || symbol is IFieldSymbol { ContainingType.IsTupleType: true })
        {
            return [];
        }
        if (symbol is IMethodSymbol { ReducedFrom: { } extension })
        {
            symbol = extension;
        }
        symbol = symbol.OriginalDefinition;
        return symbol.Locations.Where(l => l.IsInSource).Select(l => FolderOf(l.SourceTree!.FilePath)).Distinct();
    }

    private static string FolderOf(string path)
    {
        int slash = path.IndexOf('/');
        return slash < 0 ? "(root)" : path.Substring(0, slash);
    }

    private static CSharpCompilation Compile(ImmutableArray<(string Path, string Text)> files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["SOURCEAD_GENERATOR"]);
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Compilation).Assembly.Location)
            .Append(typeof(CSharpCompilation).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("GeneratorLayers",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, path: f.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// The generator's source files, each under its path relative to the project (the linked policy and tensor-registry
    /// files under Policy/ and Registry/, where the project links them), '/'-separated.
    /// </summary>
    private static ImmutableArray<(string Path, string Text)> SourceFiles()
    {
        string root = RepoRoot();
        string project = Path.Combine(root, "generators", "SourceAD.Generators");
        var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .Where(r => !r.StartsWith("obj/", StringComparison.Ordinal) && !r.StartsWith("bin/", StringComparison.Ordinal))
            .Select(r => (r, File.ReadAllText(Path.Combine(project, r))));
        var linked = new[] { ("Policy", new[] { "src", "SourceAD", "Nonsmooth", "Policy" }), ("Registry", new[] { "src", "SourceAD", "Tensors", "Registry" }) }
            .SelectMany(l => Directory.EnumerateFiles(Path.Combine([root, .. l.Item2]), "*.cs")
                .Select(f => (l.Item1 + "/" + Path.GetFileName(f), File.ReadAllText(f))));
        return files.Concat(linked).OrderBy(f => f.Item1, StringComparer.Ordinal).ToImmutableArray();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SourceAD.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }
}
