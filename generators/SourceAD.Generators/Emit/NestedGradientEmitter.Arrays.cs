using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// An array element of a nested gradient, ∇_b F (Lowering/MethodLowering.NestedArrayGradients.cs): a vector-output
/// function G(p, output) that writes ∇_b F(p) into its output, with the derivative members a caller's
/// <see cref="IR.CallStmt"/> calls. GPushforward writes the b-block of H·ṗ into the output's tangent; GPullback with
/// seed w adds H·(0, …, w, …, 0) into every adjoint (the transposed Jacobian of ∇_b F is H's b-rows, H symmetric). Each
/// is one FHessianVectorProduct of F.
/// </summary>
internal static partial class NestedGradientEmitter
{
    private static void EmitArray(CodeWriter w, NestedGradient g, string generatedCode)
    {
        string r = g.RealType;
        string modifiers = "private" + (g.IsStatic ? " static" : "");
        var inputs = g.Params.Where(p => p.Differentiable).ToList();
        int n = inputs.Count, j = g.Input;
        var names = new NameScope(g.Params.Select(p => p.Name));
        string output = names.Reserve("output"), outputTangent = names.Reserve("toutput"), seed = names.Reserve("seed"), h = names.Reserve("h"), i = names.Reserve("i");
        var adjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("d" + p.Name.Replace("@", "")));
        var tangent = inputs.ToDictionary(p => p.Name, p => names.Reserve("t" + p.Name.Replace("@", "")));
        var direction = inputs.ToDictionary(p => p.Name, p => names.Reserve("v" + p.Name.Replace("@", "")));
        string primalParams = string.Join(", ", g.Params.Select(p => $"{p.TypeText} {p.Name}").Concat(new[] { $"global::System.Span<{r}> {output}" }));
        string args = string.Join(", ", g.Params.Select(p => p.Name));
        string hvp = $"{g.Receiver}.{g.Primal}HessianVectorProduct";
        string gradientItem = $"Item{2 + j}";
        string HessianItem(int k) => $"Item{2 + n + k}";
        string copy = "global::System.MemoryExtensions.CopyTo";
        string element = $"∇_{inputs[j].Name}{g.Primal}";

        w.Line();
        w.Line($"/// <summary>Nested AD: {element}, the array element of {g.Primal}Gradient a [Differentiable] method uses, written into the output.</summary>");
        w.Line(generatedCode);
        w.Line($"{modifiers} void {g.Adapter}({primalParams}) => {copy}({g.Receiver}.{g.Primal}Gradient({args}).{gradientItem}, {output});");

        // Forward over reverse: the tangent of ∇_b F along ṗ is the b-block of H·ṗ.
        w.Line();
        w.Line($"/// <summary>The pushforward of {element}: its tangent is the {inputs[j].Name}-block of H·ṗ (one Hessian-vector product of {g.Primal}).</summary>");
        w.Line(generatedCode);
        var tangentParams = inputs.Select(p => p.Kind == ParamKind.Real ? $"{r} {tangent[p.Name]}" : $"global::System.ReadOnlySpan<{r}> {tangent[p.Name]}");
        w.Open($"{modifiers} void {g.Adapter}Pushforward({primalParams}, {string.Join(", ", tangentParams)}, global::System.Span<{r}> {outputTangent})");
        w.Line($"var {h} = {hvp}({Join(args, inputs.Select(p => tangent[p.Name]))});");
        w.Line($"{copy}({h}.{gradientItem}, {output});");
        w.Line($"{copy}({h}.{HessianItem(j)}, {outputTangent});");
        w.Close();

        // Reverse over reverse: the pullback of ∇_b F with seed w adds H·(w in b, zero elsewhere) to every adjoint (a
        // caller's adjoint of a local array is rented, longer than the array: the array's length bounds the loop).
        w.Line();
        w.Line($"/// <summary>The pullback of {element}: adds H·(seed in {inputs[j].Name}, zero elsewhere) into each adjoint (one Hessian-vector product of {g.Primal}).</summary>");
        w.Line(generatedCode);
        var adjointParams = inputs.Select(p => p.Kind == ParamKind.Real ? $"ref {r} {adjoint[p.Name]}" : $"global::System.Span<{r}> {adjoint[p.Name]}");
        w.Open($"{modifiers} void {g.Adapter}Pullback({primalParams}, global::System.ReadOnlySpan<{r}> {seed}, {string.Join(", ", adjointParams)})");
        EmitSeededHessianProduct(w, g, inputs, j, seed, h, i, direction, adjoint, hvp, args);
        w.Line($"{copy}({h}.{gradientItem}, {output});");
        w.Close();
    }
}
