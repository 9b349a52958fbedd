using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Model;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// The gradient elements a method calls (nested AD, <see cref="NestedGradient"/>), each a scalar function G = ∂F/∂pⱼ with
/// the derivative members a caller's pullback and pushforward call: G itself (the element of FGradient), GPullback (adds
/// seed·H·eⱼ to the adjoints: H is symmetric, so that is row j of the Hessian) and GPushforward ((H·ṗ)ⱼ), both from F's
/// generated FHessianVectorProduct. The tuple elements are read by position (Item1 the value, then the gradient, then
/// H·v), so F's element names never need repeating here.
/// </summary>
internal static class NestedGradientEmitter
{
    public static void Emit(CodeWriter w, MethodModel m, string generatedCode)
    {
        foreach (NestedGradient g in m.Nested) EmitOne(w, g, generatedCode);
    }

    private static void EmitOne(CodeWriter w, NestedGradient g, string generatedCode)
    {
        string r = g.RealType;
        string modifiers = "private" + (g.IsStatic ? " static" : "");
        var inputs = g.Params.Where(p => p.Differentiable).ToList();
        int n = inputs.Count, j = g.Input;
        var names = new NameScope(g.Params.Select(p => p.Name));
        string seed = names.Reserve("seed"), h = names.Reserve("h"), i = names.Reserve("i");
        var adjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("d" + p.Name.Replace("@", "")));
        var tangent = inputs.ToDictionary(p => p.Name, p => names.Reserve("t" + p.Name.Replace("@", "")));
        var direction = inputs.ToDictionary(p => p.Name, p => names.Reserve("v" + p.Name.Replace("@", "")));
        string primalParams = string.Join(", ", g.Params.Select(p => $"{p.TypeText} {p.Name}"));
        string args = string.Join(", ", g.Params.Select(p => p.Name));
        string hvp = $"{g.Receiver}.{g.Primal}HessianVectorProduct";
        string gradientItem = $"Item{2 + j}";
        string hessianItem(int k) => $"Item{2 + n + k}";
        string element = $"∂{g.Primal}/∂{inputs[j].Name}";

        w.Line();
        w.Line($"/// <summary>Nested AD: {element}, the element of {g.Primal}Gradient a [Differentiable] method calls.</summary>");
        w.Line(generatedCode);
        w.Line($"{modifiers} {r} {g.Adapter}({primalParams}) => {g.Receiver}.{g.Primal}Gradient({args}).{gradientItem};");

        // Reverse over reverse: the pullback of ∂F/∂pⱼ with seed s adds s·(row j of H) = H·(s·eⱼ) to every adjoint.
        w.Line();
        w.Line($"/// <summary>The pullback of {element}: adds seed·H·e_{inputs[j].Name} (one Hessian-vector product of {g.Primal}) into each adjoint.</summary>");
        w.Line(generatedCode);
        var adjointParams = inputs.Select(p => p.Kind == ParamKind.Real ? $"ref {r} {adjoint[p.Name]}" : $"global::System.Span<{r}> {adjoint[p.Name]}");
        w.Open($"{modifiers} {r} {g.Adapter}Pullback({primalParams}, {r} {seed}, {string.Join(", ", adjointParams)})");
        var directions = new List<string>();
        for (int k = 0; k < n; k++)
        {
            Param p = inputs[k];
            if (p.Kind == ParamKind.Real)
            {
                directions.Add(k == j ? seed : ExprPrinter.Literal(r, 0));
            }
            else
            {
                w.Line($"var {direction[p.Name]} = new {r}[{p.Name}.Length];");
                directions.Add(direction[p.Name]);
            }
        }
        w.Line($"var {h} = {hvp}({Join(args, directions)});");
        for (int k = 0; k < n; k++)
        {
            Param p = inputs[k];
            w.Line(p.Kind == ParamKind.Real
                ? $"{adjoint[p.Name]} += {h}.{hessianItem(k)};"
                : $"for (int {i} = 0; {i} < {adjoint[p.Name]}.Length; {i}++) {adjoint[p.Name]}[{i}] += {h}.{hessianItem(k)}[{i}];");
        }
        w.Line($"return {h}.{gradientItem};");
        w.Close();

        // Forward over reverse: the tangent of ∂F/∂pⱼ along ṗ is (H·ṗ)ⱼ.
        w.Line();
        w.Line($"/// <summary>The pushforward of {element}: its tangent is entry {inputs[j].Name} of H·ṗ (one Hessian-vector product of {g.Primal}).</summary>");
        w.Line(generatedCode);
        var tangentParams = inputs.Select(p => p.Kind == ParamKind.Real ? $"{r} {tangent[p.Name]}" : $"global::System.ReadOnlySpan<{r}> {tangent[p.Name]}");
        w.Open($"{modifiers} ({r} Value, {r} Tangent) {g.Adapter}Pushforward({primalParams}, {string.Join(", ", tangentParams)})");
        w.Line($"var {h} = {hvp}({Join(args, inputs.Select(p => tangent[p.Name]))});");
        w.Line($"return ({h}.{gradientItem}, {h}.{hessianItem(j)});");
        w.Close();
    }

    private static string Join(string first, IEnumerable<string> rest) =>
        string.Join(", ", new[] { first }.Where(s => s.Length > 0).Concat(rest));
}
