using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// The gradient elements a method calls (nested AD, <see cref="NestedGradient"/>), each a scalar function G = ∂F/∂pⱼ with
/// the derivative members a caller's pullback and pushforward call: G itself (the element of FGradient), GPullback (adds
/// seed·H·eⱼ to the adjoints: H is symmetric, so that is row j of the Hessian) and GPushforward ((H·ṗ)ⱼ), both from F's
/// generated FHessianVectorProduct. The tuple elements are read by position (Item1 the value, then the gradient, then
/// H·v), so F's element names never need repeating here.
/// </summary>
internal static partial class NestedGradientEmitter
{
    public static void Emit(CodeWriter w, MethodModel m, string generatedCode)
    {
        foreach (NestedGradient g in m.Nested)
        {
            if (g.Input < 0) EmitTangent(w, g, generatedCode);
            else if (g.Params.Where(p => p.Differentiable).ElementAt(g.Input).Kind != ParamKind.Real) EmitArray(w, g, generatedCode);
            else EmitOne(w, g, generatedCode);
        }
    }

    /// <summary>
    /// FPushforward's Tangent T(p, ṗ) = ∇F(p)·ṗ, a scalar function of the point and the direction: ∂T/∂p = H·ṗ and
    /// ∂T/∂ṗ = ∇F, both from one FHessianVectorProduct(p, ṗ). Its pullback adds seed·H·ṗ and seed·∇F; its pushforward
    /// along (q̇, ṙ) is ⟨H·ṗ, q̇⟩ + ⟨∇F, ṙ⟩. The value is FPushforward's own, so it matches the caller's primal bit for bit.
    /// </summary>
    private static void EmitTangent(CodeWriter w, NestedGradient g, string generatedCode)
    {
        string r = g.RealType;
        string modifiers = "private" + (g.IsStatic ? " static" : "");
        var inputs = g.Params.Where(p => p.Differentiable).ToList();
        int n = inputs.Count;
        var names = new NameScope(g.Params.Select(p => p.Name));
        var direction = inputs.ToDictionary(p => p.Name, p => names.Reserve("t" + p.Name.Replace("@", "")));
        string seed = names.Reserve("seed"), h = names.Reserve("h"), i = names.Reserve("i"), tangent = names.Reserve("tangent");
        var adjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("d" + p.Name.Replace("@", "")));
        var directionAdjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("dt" + p.Name.Replace("@", "")));
        var dot = inputs.ToDictionary(p => p.Name, p => names.Reserve("q" + p.Name.Replace("@", "")));
        var directionDot = inputs.ToDictionary(p => p.Name, p => names.Reserve("qt" + p.Name.Replace("@", "")));
        string Real(Param p, string name) => p.Kind == ParamKind.Real ? $"{r} {name}" : $"global::System.ReadOnlySpan<{r}> {name}";
        string Adjoint(Param p, string name) => p.Kind == ParamKind.Real ? $"ref {r} {name}" : $"global::System.Span<{r}> {name}";
        string parameters = string.Join(", ", g.Params.Select(p => $"{p.TypeText} {p.Name}").Concat(inputs.Select(p => Real(p, direction[p.Name]))));
        string args = string.Join(", ", g.Params.Select(p => p.Name).Concat(inputs.Select(p => direction[p.Name])));
        string value = $"{g.Receiver}.{g.Primal}Pushforward({args}).Item2";
        string hvp = $"{g.Receiver}.{g.Primal}HessianVectorProduct({args})";
        string Gradient(int k) => $"{h}.Item{2 + k}";
        string Hv(int k) => $"{h}.Item{2 + n + k}";

        w.Line();
        w.Line($"/// <summary>Nested AD: the Tangent of {g.Primal}Pushforward, ∇{g.Primal}·ṗ, as a function of the point and the direction.</summary>");
        w.Line(generatedCode);
        w.Line($"{modifiers} {r} {g.Adapter}({parameters}) => {value};");

        w.Line();
        w.Line($"/// <summary>The pullback of ∇{g.Primal}·ṗ: adds seed·H·ṗ to the point's adjoints and seed·∇{g.Primal} to the direction's.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {r} {g.Adapter}Pullback({parameters}, {r} {seed}, {string.Join(", ", inputs.Select(p => Adjoint(p, adjoint[p.Name])).Concat(inputs.Select(p => Adjoint(p, directionAdjoint[p.Name]))))})");
        w.Line($"var {h} = {hvp};");
        for (int k = 0; k < n; k++)
        {
            Param p = inputs[k];
            if (p.Kind == ParamKind.Real)
            {
                w.Line($"{adjoint[p.Name]} += {seed} * {Hv(k)};");
                w.Line($"{directionAdjoint[p.Name]} += {seed} * {Gradient(k)};");
            }
            else
            {
                // Rented adjoints of a caller's local arrays are longer than the arrays: the array's length bounds the loops.
                w.Line($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {adjoint[p.Name]}[{i}] += {seed} * {Hv(k)}[{i}];");
                w.Line($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {directionAdjoint[p.Name]}[{i}] += {seed} * {Gradient(k)}[{i}];");
            }
        }
        w.Line($"return {value};");
        w.Close();

        w.Line();
        w.Line($"/// <summary>The pushforward of ∇{g.Primal}·ṗ: ⟨H·ṗ, q̇⟩ + ⟨∇{g.Primal}, ṙ⟩ along the point's tangent q̇ and the direction's ṙ.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} ({r} Value, {r} Tangent) {g.Adapter}Pushforward({parameters}, {string.Join(", ", inputs.Select(p => Real(p, dot[p.Name])).Concat(inputs.Select(p => Real(p, directionDot[p.Name]))))})");
        w.Line($"var {h} = {hvp};");
        w.Line($"{r} {tangent} = {ExprPrinter.Literal(r, 0)};");
        for (int k = 0; k < n; k++)
        {
            Param p = inputs[k];
            w.Line(p.Kind == ParamKind.Real
                ? $"{tangent} += {Hv(k)} * {dot[p.Name]} + {Gradient(k)} * {directionDot[p.Name]};"
                : $"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {tangent} += {Hv(k)}[{i}] * {dot[p.Name]}[{i}] + {Gradient(k)}[{i}] * {directionDot[p.Name]}[{i}];");
        }
        w.Line($"return ({value}, {tangent});");
        w.Close();
    }

    /// <summary>
    /// Reverse over reverse, the body both element kinds share: one Hessian-vector product with the direction the seed
    /// in input <paramref name="j"/> and zero elsewhere (row j of H scaled by the seed, or H·(seed in that block)), added
    /// into every adjoint; the product is left in the local <paramref name="h"/> for the caller's value.
    /// </summary>
    private static void EmitSeededHessianProduct(CodeWriter w, NestedGradient g, List<Param> inputs, int j, string seed, string h, string i,
        Dictionary<string, string> direction, Dictionary<string, string> adjoint, string hvp, string args)
    {
        string r = g.RealType;
        int n = inputs.Count;
        var directions = new List<string>();
        for (int k = 0; k < n; k++)
        {
            Param p = inputs[k];
            if (k == j) directions.Add(seed);
            else if (p.Kind == ParamKind.Real) directions.Add(ExprPrinter.Literal(r, 0));
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
            string item = $"Item{2 + n + k}";
            w.Line(p.Kind == ParamKind.Real
                ? $"{adjoint[p.Name]} += {h}.{item};"
                : $"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {adjoint[p.Name]}[{i}] += {h}.{item}[{i}];");
        }
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
        EmitSeededHessianProduct(w, g, inputs, j, seed, h, i, direction, adjoint, hvp, args);
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
