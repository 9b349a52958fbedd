using System.Reflection;

namespace SourceAD.Generators.Tests.NaturalCorpus;

/// <summary>
/// One program of the natural corpus (tests/SourceAD.Generators.Tests/Corpus/*.cs, embedded resources) and the header
/// that says how to run it:
/// <code>
/// // entry: Namespace.Type.Method          (nested types as Outer+Inner)
/// // args: 1.5, new double[] { 1, 2 }, 3    (C# expressions, one per parameter, converted to the parameter types)
/// // receiver: new Model(...)               (instance methods only)
/// // closed-form: ExpectedGradient          (optional; same parameters; double[] gradient, or double[,] Jacobian)
/// // closed-form-tolerance: 1e-6         (optional; relative, where the program is itself an approximation)
/// // known-defect: what goes wrong         (optional; see NaturalCorpusTests)
/// // expect: works | refused
/// </code>
/// </summary>
public sealed record CorpusProgram(string Name, string Source, string Entry, string Args, string? Receiver, string? ClosedForm, double? ClosedFormTolerance, string? KnownDefect, bool ExpectWorks)
{
    private const string Prefix = "SourceAD.Generators.Tests.Corpus.";

    /// <summary>The file name the program is compiled under, so diagnostics name it.</summary>
    public string Path => Name + ".cs";

    public string TypeName => Entry[..Entry.LastIndexOf('.')];

    public string MethodName => Entry[(Entry.LastIndexOf('.') + 1)..];

    public static IReadOnlyList<string> Names { get; } = typeof(CorpusProgram).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".cs", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^3])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static CorpusProgram Load(string name)
    {
        using Stream stream = typeof(CorpusProgram).Assembly.GetManifestResourceStream(Prefix + name + ".cs")
            ?? throw new InvalidOperationException($"No embedded corpus program {name}");
        return Parse(name, new StreamReader(stream).ReadToEnd());
    }

    /// <summary>A program from its text (unit tests write small programs with the same header).</summary>
    public static CorpusProgram Parse(string name, string source)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in source.Split('\n'))
        {
            string line = raw.Trim();
            if (!line.StartsWith("//", StringComparison.Ordinal)) break;
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[2..colon].Trim();
            if (key is "entry" or "args" or "receiver" or "closed-form" or "closed-form-tolerance" or "known-defect" or "expect") header[key] = line[(colon + 1)..].Trim();
        }
        string Required(string key) => header.TryGetValue(key, out string? v) ? v : throw new InvalidOperationException($"{name}: header lacks '// {key}:'");
        string expect = Required("expect");
        if (expect is not ("works" or "refused")) throw new InvalidOperationException($"{name}: '// expect:' must be 'works' or 'refused', not '{expect}'");
        return new CorpusProgram(name, source, Required("entry"), Required("args"), header.GetValueOrDefault("receiver"),
            header.GetValueOrDefault("closed-form"),
            header.TryGetValue("closed-form-tolerance", out string? tol) ? double.Parse(tol, System.Globalization.CultureInfo.InvariantCulture) : null,
            header.GetValueOrDefault("known-defect"), expect == "works");
    }
}
