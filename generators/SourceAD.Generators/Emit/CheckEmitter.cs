using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// Writes <c>{Method}CheckDerivatives(args…, options)</c>, the user's one-call self-check: it flattens the differentiable
/// arguments into a point and hands the user's method, the generated Gradient and the generated Pushforward to
/// <c>SourceAD.Checking.DerivativeCheck</c>, which runs the value oracle, finite differences and the dot-product test.
/// Only scalar-output methods with a Gradient get one; the check itself is runtime code, so the generated part stays a
/// thin adapter (flatten, unflatten, call).
/// </summary>
internal static class CheckEmitter
{
    private const string Checking = "global::SourceAD.Checking";

    /// <summary>True when the method has the members the check calls and every parameter can be flattened or passed through.</summary>
    public static bool Applies(MethodModel m) =>
        m.ReturnType != "void"
        && m.Params.Any(p => p.Differentiable)
        && m.Params.All(p => p.Kind is ParamKind.Real or ParamKind.RealArray or ParamKind.RealReadOnlySpan
                                   or ParamKind.Passive or ParamKind.PassiveArray);

    public static void Emit(CodeWriter w, MethodModel m, string modifiers, string primalParams, string constraints, string generatedCode)
    {
        // The user's method and its generated members stay callable: no local function takes their names.
        var names = new NameScope(m.Params.Select(x => x.Name).Concat(new[] { m.Name, m.Name + "Gradient", m.Name + "Pushforward" }));
        string options = names.Reserve("options");
        string inputs = names.Reserve("inputs"), point = names.Reserve("point"), offset = names.Reserve("offset");
        string self = names.Reserve("self"), p = names.Reserve("p"), t = names.Reserve("t"), g = names.Reserve("g");
        string o = names.Reserve("o"), at = names.Reserve("at"), j = names.Reserve("j"), k = names.Reserve("k"), result = names.Reserve("result");
        string value = names.Reserve("Value"), gradient = names.Reserve("Gradient"), pushforward = names.Reserve("Pushforward");
        string arguments = names.Reserve("Arguments");
        string row = names.Reserve("row"), index = names.Reserve("i");
        var dimensions = new List<string>(); // loop variables over a rectangular array's dimensions, shared by all of them
        var differentiable = m.Params.Where(x => x.Differentiable).ToList();
        string method = string.Join(".", m.ContainingTypes.Select(x => x.Name).Concat(new[] { m.Name }));

        w.Line();
        w.Line("/// <summary>Checks the generated derivatives against this method at the given point: the value oracle (bit for bit),");
        w.Line("/// central finite differences per gradient entry and along random directions, and the dot-product test of forward");
        w.Line("/// against reverse mode. The report names each failing input and its error; call <c>ThrowIfFailed()</c> in a test.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {Checking}.DerivativeCheckReport {m.Name}CheckDerivatives{m.TypeParameters}({primalParams}{(primalParams.Length > 0 ? ", " : "")}{Checking}.DerivativeCheckOptions? {options} = null){constraints}");

        // Struct receivers cannot be captured by local functions; a copy can (the method only reads it).
        bool structReceiver = !m.IsStatic && m.ContainingTypes.Count > 0 && m.ContainingTypes[m.ContainingTypes.Count - 1].Keyword.Contains("struct");
        string receiver = m.IsStatic ? "" : structReceiver ? self + "." : "this.";
        if (structReceiver) w.Line($"var {self} = this;");

        // Spans cannot be captured either: the check works on array copies of them.
        var captured = new Dictionary<string, string>();
        foreach (Param x in m.Params)
        {
            if (x.Kind is ParamKind.RealReadOnlySpan || (x.Kind is ParamKind.PassiveArray && x.TypeText.Contains("Span<")))
            {
                string copy = names.Reserve(x.Name + "Copy");
                w.Line($"var {copy} = {x.Name}.ToArray();");
                captured[x.Name] = copy;
            }
            else captured[x.Name] = x.Name;
        }

        // Entries per input: a rectangular array's Length counts all of them; a jagged array's rows are counted here.
        var entries = new Dictionary<string, string>();
        foreach (Param x in differentiable)
        {
            if (x.Kind == ParamKind.Real) entries[x.Name] = "1";
            else if (x.Layout != ArrayLayout.Jagged) entries[x.Name] = captured[x.Name] + ".Length";
            else
            {
                string count = names.Reserve(x.Name.TrimStart('@') + "Entries");
                w.Line($"int {count} = 0;");
                w.Line($"foreach (var {row} in {captured[x.Name]}) {count} += {row}.Length;");
                entries[x.Name] = count;
            }
        }
        string inputList = string.Join(", ", differentiable.Select(x =>
            $"new {Checking}.CheckedInput(\"{x.Name}\", {entries[x.Name]}, {(x.Kind == ParamKind.Real ? "false" : "true")})"));
        w.Line($"var {inputs} = new {Checking}.CheckedInput[] {{ {inputList} }};");
        w.Line($"var {point} = new double[{string.Join(" + ", differentiable.Select(x => entries[x.Name]))}];");
        w.Line($"int {offset} = 0;");
        foreach (Param x in differentiable)
        {
            // Rows in order, each row's entries in order; a rectangular array's foreach is row-major already.
            if (x.Kind == ParamKind.Real) w.Line($"{point}[{offset}++] = double.CreateTruncating({x.Name});");
            else w.Line($"{Entries(captured[x.Name], x)} {point}[{offset}++] = double.CreateTruncating({j});");
        }
        w.Line($"return {Checking}.DerivativeCheck.Run(\"{method}\", {inputs}, {point}, {value}, {gradient}, {pushforward}, {Checking}.CheckPrecision.For<{m.RealType}>(), {options});");
        w.Line();

        // Arguments: the user's arguments with the differentiable ones read back from a flat point.
        var unflattened = differentiable.Select(x => names.Reserve(x.Name + "At")).ToList();
        string tuple = differentiable.Count == 1
            ? TypeOf(differentiable[0])
            : "(" + string.Join(", ", differentiable.Select(TypeOf)) + ")";
        w.Open($"{tuple} {arguments}(double[] {p})");
        w.Line($"int {o} = 0;");
        for (int i = 0; i < differentiable.Count; i++)
        {
            Param x = differentiable[i];
            if (x.Kind == ParamKind.Real)
            {
                w.Line($"var {unflattened[i]} = {x.TypeText}.CreateTruncating({p}[{o}++]);");
            }
            else if (x.Layout == ArrayLayout.Jagged)
            {
                // The same rows, each as long as the argument's, filled in the order the point was flattened.
                string a = unflattened[i], rows = captured[x.Name];
                w.Line($"var {a} = new {x.ElementType}[{rows}.Length][];");
                w.Line($"for (int {index} = 0; {index} < {a}.Length; {index}++)");
                w.Line("{");
                w.Line($"    {a}[{index}] = new {x.ElementType}[{rows}[{index}].Length];");
                w.Line($"    for (int {j} = 0; {j} < {a}[{index}].Length; {j}++) {a}[{index}][{j}] = {x.ElementType}.CreateTruncating({p}[{o}++]);");
                w.Line("}");
            }
            else if (x.Layout == ArrayLayout.Rectangular)
            {
                // A copy of the argument's shape, filled row-major (the order foreach read it in).
                int rank = Rank(x);
                string a = unflattened[i];
                while (dimensions.Count < rank) dimensions.Add(names.Reserve("i" + dimensions.Count));
                var loops = dimensions.Take(rank).ToList();
                w.Line($"var {a} = ({x.ElementType}[{new string(',', rank - 1)}]){captured[x.Name]}.Clone();");
                string header = string.Concat(loops.Select((l, d) => $"for (int {l} = 0; {l} < {a}.GetLength({d}); {l}++) "));
                w.Line($"{header}{a}[{string.Join(", ", loops)}] = {x.ElementType}.CreateTruncating({p}[{o}++]);");
            }
            else
            {
                w.Line($"var {unflattened[i]} = new {x.ElementType}[{captured[x.Name]}.Length];");
                w.Line($"for (int {j} = 0; {j} < {unflattened[i]}.Length; {j}++) {unflattened[i]}[{j}] = {x.ElementType}.CreateTruncating({p}[{o}++]);");
            }
        }
        w.Line($"return {(differentiable.Count == 1 ? unflattened[0] : "(" + string.Join(", ", unflattened) + ")")};");
        w.Close();

        // The call's arguments: passive ones as given, differentiable ones from the unflattened tuple.
        string Args(string args) => string.Join(", ", m.Params.Select(x =>
            !x.Differentiable ? captured[x.Name]
            : differentiable.Count == 1 ? args
            : $"{args}.Item{differentiable.IndexOf(x) + 1}"));

        w.Open($"double {value}(double[] {p})");
        w.Line($"var {o} = {arguments}({p});");
        w.Line($"return double.CreateTruncating({receiver}{m.Name}{m.TypeParameters}({Args(o)}));");
        w.Close();

        w.Open($"(double, double[]) {gradient}(double[] {p})");
        w.Line($"var {o} = {arguments}({p});");
        w.Line($"var {result} = {receiver}{m.Name}Gradient{m.TypeParameters}({Args(o)});");
        w.Line($"var {g} = new double[{p}.Length];");
        w.Line($"int {k} = 0;");
        for (int i = 0; i < differentiable.Count; i++)
        {
            string item = $"{result}.Item{i + 2}";
            if (differentiable[i].Kind == ParamKind.Real) w.Line($"{g}[{k}++] = double.CreateTruncating({item});");
            else w.Line($"{Entries(item, differentiable[i])} {g}[{k}++] = double.CreateTruncating({j});");
        }
        w.Line($"return (double.CreateTruncating({result}.Item1), {g});");
        w.Close();

        w.Open($"(double, double) {pushforward}(double[] {p}, double[] {t})");
        w.Line($"var {o} = {arguments}({p});");
        w.Line($"var {at} = {arguments}({t});");
        string tangents = string.Join(", ", differentiable.Select(x => differentiable.Count == 1 ? at : $"{at}.Item{differentiable.IndexOf(x) + 1}"));
        w.Line($"var {result} = {receiver}{m.Name}Pushforward{m.TypeParameters}({Args(o)}, {tangents});");
        w.Line($"return (double.CreateTruncating({result}.Value), double.CreateTruncating({result}.Tangent));");
        w.Close();

        w.Close();

        // The loop header that visits an array's entries in the point's order: rows first for a jagged array.
        string Entries(string array, Param x) => x.Layout == ArrayLayout.Jagged
            ? $"foreach (var {row} in {array}) foreach (var {j} in {row})"
            : $"foreach (var {j} in {array})";
    }

    private static string TypeOf(Param x) => x.Kind == ParamKind.Real ? x.TypeText
        : x.Layout == ArrayLayout.Jagged ? x.ElementType + "[][]"
        : x.Layout == ArrayLayout.Rectangular ? $"{x.ElementType}[{new string(',', Rank(x) - 1)}]"
        : x.ElementType + "[]";

    /// <summary>A rectangular array's rank, from its type as written (<c>double[,]</c> is 2).</summary>
    private static int Rank(Param x) => x.TypeText.Substring(x.TypeText.LastIndexOf('[')).Count(c => c == ',') + 1;
}
