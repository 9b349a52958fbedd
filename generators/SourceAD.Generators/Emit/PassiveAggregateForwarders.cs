using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// The surface of a vector-output method (<c>void F(…, Span&lt;T&gt; y)</c>) whose structs and records are data: each is
/// <c>[NoDerivative]</c> or has no floating member (GradBench gmm's <c>Wishart wishart</c> beside the written
/// <c>err</c>), so they contribute no adjoint or tangent. Each member (Pullback, Pushforward, Jacobian) takes the user's
/// types and forwards to the flat core, passing each struct's leaves; every derivative parameter is the core's, in the
/// core's order. Differentiable structs in vector-output methods are refused in the lowering (MethodLowering.cs).
/// </summary>
internal static class PassiveAggregateForwarders
{
    private static readonly string GeneratedCode = Helpers.GeneratedCodeAttribute.Text;

    public static void Emit(CodeWriter w, MethodModel m, MethodModel core)
    {
        string modifiers = m.Accessibility + (m.IsStatic ? " static" : "");
        string constraints = m.Constraints.Length > 0 ? " " + m.Constraints : "";
        string primalParams = string.Join(", ", m.Surface.Select(p => $"{p.TypeText} {p.Name}"));
        string coreArgs = string.Join(", ", m.Surface.SelectMany(CoreArgs));

        var pullback = Derivatives(m, new PullbackEmitter(new DerivativeContext(core)).DerivativeParameters());
        w.Line("/// <summary>Reverse mode (vector-Jacobian product): adds the seeds' products with ∂output/∂input into each adjoint; the struct parameters are data.</summary>");
        w.Line(GeneratedCode);
        w.Line($"{modifiers} void {m.Name}Pullback{m.TypeParameters}({Join(primalParams, pullback.Select(d => d.Declaration))}){constraints} =>");
        w.Line($"    {core.Name}Pullback{m.TypeParameters}({Join(coreArgs, pullback.Select(d => d.Argument))});");
        w.Line();

        var pushforward = Derivatives(m, new PushforwardEmitter(new DerivativeContext(core)).DerivativeParameters());
        w.Line("/// <summary>Forward mode (Jacobian-vector product): writes the output and its tangent along the given tangents; the struct parameters are data.</summary>");
        w.Line(GeneratedCode);
        w.Line($"{modifiers} void {m.Name}Pushforward{m.TypeParameters}({Join(primalParams, pushforward.Select(d => d.Declaration))}){constraints} =>");
        w.Line($"    {core.Name}Pushforward{m.TypeParameters}({Join(coreArgs, pushforward.Select(d => d.Argument))});");

        var outputs = core.Params.Where(p => p.Kind == ParamKind.RealSpanOutput).ToList();
        if (outputs.Count != 1) return; // the core has a Jacobian only for one output (SourceEmitter.EmitJacobian)
        w.Line();
        w.Line("/// <summary>The Jacobian ∂output/∂inputs: one row per output entry; columns are the differentiable inputs in parameter order (arrays flattened).</summary>");
        w.Line(GeneratedCode);
        w.Line($"{modifiers} {outputs[0].ElementType}[,] {m.Name}Jacobian{m.TypeParameters}({primalParams}){constraints} =>");
        w.Line($"    {core.Name}Jacobian{m.TypeParameters}({coreArgs});");
    }

    /// <summary>A surface parameter as the core takes it: itself, or a struct's leaves (<c>wishart.gamma</c>, <c>wishart.m</c>).</summary>
    private static IEnumerable<string> CoreArgs(SurfaceParam p) =>
        p.Shape is null ? new[] { p.Name } : p.Shape.Leaves().Select(leaf => $"{p.Name}.{leaf.Path}");

    /// <summary>
    /// The core's derivative parameters, renamed where a struct parameter of the surface already has the name (the core
    /// chose its names beside the leaves, not beside the structs).
    /// </summary>
    private static List<(string Declaration, string Argument)> Derivatives(MethodModel m, IEnumerable<string> declarations)
    {
        var names = new NameScope(m.Surface.Select(p => p.Name));
        var result = new List<(string, string)>();
        foreach (string declaration in declarations)
        {
            int space = declaration.LastIndexOf(' ');
            string type = declaration.Substring(0, space), name = names.Reserve(declaration.Substring(space + 1));
            result.Add(($"{type} {name}", type.StartsWith("ref ", System.StringComparison.Ordinal) ? "ref " + name : name));
        }
        return result;
    }

    private static string Join(string first, IEnumerable<string> rest) => string.Join(", ", new[] { first }.Where(s => s.Length > 0).Concat(rest));
}
