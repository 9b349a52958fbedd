using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// Second order by forward-over-reverse: the pullback over <c>Dual&lt;R&gt;</c> (for a double/float method,
/// <c>{Method}PullbackDual</c> printed from <see cref="DualModel.Substitute"/>; for a generic method, the
/// existing pullback instantiated at <c>Dual&lt;T&gt;</c>), then <c>{Method}HessianVectorProduct</c> (the gradient and H·v
/// in one sweep) and <c>{Method}Hessian</c> (dense, one H·eⱼ per input entry) on top of it.
/// </summary>
internal static class HessianEmitter
{
    private const string Shapes = "global::SourceAD.Runtime.Shapes";
    private const string Buffer = "global::SourceAD.Runtime.ExactLengthBuffer";

    /// <summary>The pullback over duals, <c>{Method}PullbackDual</c>, which the Hessian members and dual callers call (not needed for generic methods).</summary>
    public static void EmitDualPullback(CodeWriter w, MethodModel m, string modifiers, string generatedCode)
    {
        if (DualModel.IsGeneric(m)) return;
        MethodModel dual = DualModel.Substitute(m);
        var (_, pullback, body) = SplitSweeps.EmitBody(dual, SplitSweeps.For(dual, m.Name + "Dual"));
        string primalParams = string.Join(", ", dual.Params.Select(p => $"{p.TypeText} {p.Name}"));
        string parameters = string.Join(", ", new[] { primalParams }.Concat(pullback.DerivativeParameters()).Where(s => s.Length > 0));
        w.Line();
        w.Line("/// <summary>The pullback over dual numbers (forward mode applied to the reverse sweep): with inputs x + vε and a");
        w.Line("/// constant seed, each adjoint's tangent is the Hessian-vector product. The code is the pullback's, over another type.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {dual.ReturnType} {DualModel.PullbackName(m.Name)}({parameters})");
        w.Append(body);
        w.Close();
        if (pullback.SplitHolds) pullback.EmitSweeps(w, m.IsStatic ? "private static" : "private", primalParams, generatedCode);
        // A void method is called by statements, which keep a caller off duals: it needs no dual form for callers.
        if (m.ReturnType != "void") EmitDualPrimal(w, m, dual, modifiers, generatedCode);
    }

    /// <summary>
    /// The method itself over dual numbers, for the forward sweeps of its callers' dual pullbacks: value and tangent are
    /// its pushforward's, so <c>{Method}Dual</c> is a thin adapter.
    /// </summary>
    private static void EmitDualPrimal(CodeWriter w, MethodModel m, MethodModel dual, string modifiers, string generatedCode)
    {
        string r = m.RealType, d = dual.RealType;
        var names = new NameScope(m.Params.Select(p => p.Name).Concat(new[] { m.Name + "Pushforward" }));
        string i = names.Reserve("i"), result = names.Reserve("result");
        w.Line();
        w.Line("/// <summary>This method over dual numbers (its pushforward), for the dual pullbacks of its callers.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {d} {DualModel.PrimalName(m.Name)}({string.Join(", ", dual.Params.Select(p => $"{p.TypeText} {p.Name}"))})");
        var primal = new List<string>();
        var tangents = new List<string>();
        var rented = new List<string>();
        foreach (Param p in m.Params)
        {
            bool real = p.TypeText == r, array = !real && dual.Params.First(q => q.Name == p.Name).ElementType == d;
            if (real)
            {
                primal.Add(p.Name + ".Value");
                if (p.Differentiable) tangents.Add(p.Name + ".Tangent");
            }
            else if (array)
            {
                string values = names.Reserve(p.Name + "Value"), tangent = names.Reserve(p.Name + "Tangent");
                w.Line($"var {values} = {Buffer}.Rent<{r}>({p.Name}.Length);");
                rented.Add(values);
                if (p.Differentiable)
                {
                    w.Line($"var {tangent} = {Buffer}.Rent<{r}>({p.Name}.Length);");
                    rented.Add(tangent);
                }
                w.Line($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {{ {values}[{i}] = {p.Name}[{i}].Value;{(p.Differentiable ? $" {tangent}[{i}] = {p.Name}[{i}].Tangent;" : "")} }}");
                primal.Add(values);
                if (p.Differentiable) tangents.Add(tangent);
            }
            else
            {
                primal.Add(p.Name);
            }
        }
        w.Line($"var {result} = {m.Name}Pushforward({string.Join(", ", primal.Concat(tangents))});");
        // The splits are scratch of this call (it runs once per call of the method in a caller's forward sweep).
        foreach (string a in rented) w.Line($"{Buffer}.Return({a});");
        w.Line($"return new {d}({result}.Value, {result}.Tangent);");
        w.Close();
    }

    /// <summary>
    /// True when the method has a scalar value and inputs to differentiate (the Hessian members exist): it returns it, or
    /// it is void and writes it as the one entry of its one output (<c>err[0] = cost</c>, GradBench kmeans's
    /// <c>*err = cost</c>; the members then require that output to be one entry long).
    /// </summary>
    public static bool HasHessian(MethodModel m) =>
        (m.ReturnType != "void" && m.Params.All(p => p.Kind != ParamKind.RealSpanOutput) || DualModel.HasOneOutput(m)) &&
        m.Params.Any(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput);

    public static void EmitHessianMembers(CodeWriter w, MethodModel m, string modifiers, string primalParams, string constraints, string generatedCode)
    {
        string r = m.RealType, d = DualModel.Of(r);
        var inputs = m.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput).ToList();
        var names = new NameScope(m.Params.Select(p => p.Name).Concat(new[] { m.Name + "Pullback", DualModel.PullbackName(m.Name), m.Name + "HessianVectorProduct" }));
        var tangent = inputs.ToDictionary(p => p.Name, p => names.Reserve("v" + Identifiers.Pascal(p.Name)));
        var dualInput = inputs.ToDictionary(p => p.Name, p => names.Reserve(p.Name + "Dual"));
        var dualAdjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("d" + p.Name + "Dual"));
        string i = names.Reserve("i"), value = names.Reserve("value");
        var elements = new NameScope(new[] { "Value" });
        var gradientName = inputs.ToDictionary(p => p.Name, p => elements.Reserve("D" + Identifiers.Pascal(p.Name)));
        var hessianName = inputs.ToDictionary(p => p.Name, p => elements.Reserve("H" + Identifiers.Pascal(p.Name)));
        var gradientLocal = inputs.ToDictionary(p => p.Name, p => names.Reserve("gradient" + Identifiers.Pascal(p.Name)));
        var hessianLocal = inputs.ToDictionary(p => p.Name, p => names.Reserve("hessian" + Identifiers.Pascal(p.Name)));
        string pullbackName = DualModel.IsGeneric(m) ? $"{m.Name}Pullback<{d}>" : DualModel.PullbackName(m.Name);
        string Shape(Param p) => p.Kind == ParamKind.Real ? r : r + "[]";

        // ---- FHessianVectorProduct
        string tuple = string.Join(", ", new[] { $"{r} Value" }
            .Concat(inputs.Select(p => $"{Shape(p)} {gradientName[p.Name]}"))
            .Concat(inputs.Select(p => $"{Shape(p)} {hessianName[p.Name]}")));
        string tangentParams = string.Join(", ", inputs.Select(p => p.Kind == ParamKind.Real
            ? $"{r} {tangent[p.Name]}"
            : $"global::System.ReadOnlySpan<{r}> {tangent[p.Name]}"));
        w.Line();
        w.Line("/// <summary>The value, the gradient and the Hessian-vector product H·v along the given direction, in one");
        w.Line("/// forward-over-reverse sweep (the pullback over dual numbers).</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} ({tuple}) {m.Name}HessianVectorProduct{m.TypeParameters}({primalParams}, {tangentParams}){constraints}");
        foreach (Param p in inputs.Where(p => p.Kind != ParamKind.Real))
        {
            w.Line($"{Shapes}.RequireLength({p.Name}.Length, {tangent[p.Name]}.Length, \"{tangent[p.Name]}\", \"{p.Name}\");");
        }
        // The dual copies are scratch of this call, rented at their exact lengths (the dual pullback takes arrays and may
        // read their Length) and returned in the finally: after the first call an HVP allocates only what it returns.
        var rented = new List<string>();
        foreach (Param p in inputs)
        {
            if (p.Kind == ParamKind.Real)
            {
                w.Line($"var {dualInput[p.Name]} = new {d}({p.Name}, {tangent[p.Name]});");
                w.Line($"var {dualAdjoint[p.Name]} = {d}.Zero;");
            }
            else
            {
                w.Line($"var {dualInput[p.Name]} = {Buffer}.Rent<{d}>({p.Name}.Length);");
                w.Line($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {dualInput[p.Name]}[{i}] = new {d}({p.Name}[{i}], {tangent[p.Name]}[{i}]);");
                w.Line($"var {dualAdjoint[p.Name]} = {Buffer}.Rent<{d}>({p.Name}.Length);");
                rented.Add(dualInput[p.Name]);
                rented.Add(dualAdjoint[p.Name]);
            }
        }
        // Real data the method does not differentiate (a [NoDerivative] array) is a constant of the dual pullback too.
        var constant = new Dictionary<string, string>();
        foreach (Param p in m.Params.Where(p => !inputs.Contains(p) && p.Kind != ParamKind.RealSpanOutput && (p.TypeText == r + "[]" || p.TypeText.EndsWith("Span<" + r + ">"))))
        {
            constant[p.Name] = names.Reserve(p.Name + "Dual");
            w.Line($"var {constant[p.Name]} = {Buffer}.Rent<{d}>({p.Name}.Length);");
            rented.Add(constant[p.Name]);
            w.Line($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {constant[p.Name]}[{i}] = {p.Name}[{i}];");
        }
        // A void method's one-entry output: written over duals, seeded with 1, and its value copied back to the caller's
        // span, as the method itself would leave it.
        Param? output = m.Params.FirstOrDefault(p => p.Kind == ParamKind.RealSpanOutput);
        string? outputDual = null, outputSeed = null;
        if (output is not null)
        {
            outputDual = names.Reserve(output.Name + "Dual");
            outputSeed = names.Reserve("seed" + Identifiers.Pascal(output.Name));
            string shown = output.Name.TrimStart('@'); // the user's name: '@out' is 'out'
            w.Line($"if ({output.Name}.Length != 1) throw new global::System.ArgumentException($\"'{shown}' has length {{{output.Name}.Length}}; the second-order members of '{m.Name}' differentiate its one output entry, so '{shown}' must have length 1.\", \"{shown}\");");
            w.Line($"var {outputDual} = {Buffer}.Rent<{d}>(1);");
            w.Line($"var {outputSeed} = {Buffer}.Rent<{d}>(1);");
            w.Line($"{outputSeed}[0] = {d}.One;");
            rented.Add(outputDual);
            rented.Add(outputSeed);
        }
        if (rented.Count > 0) w.Open("try");
        var args = m.Params.Select(p => inputs.Contains(p) ? dualInput[p.Name] : p == output ? outputDual! : constant.TryGetValue(p.Name, out string? c) ? c : p.Name)
            .Concat(new[] { output is null ? $"{d}.One" : outputSeed! })
            .Concat(inputs.Select(p => p.Kind == ParamKind.Real ? "ref " + dualAdjoint[p.Name] : dualAdjoint[p.Name]));
        if (output is null)
        {
            w.Line($"var {value} = {pullbackName}({string.Join(", ", args)});");
        }
        else
        {
            w.Line($"{pullbackName}({string.Join(", ", args)});");
            w.Line($"var {value} = {outputDual}[0];");
            w.Line($"{output.Name}[0] = {value}.Value;");
        }
        foreach (Param p in inputs.Where(p => p.Kind != ParamKind.Real))
        {
            w.Line($"var {gradientLocal[p.Name]} = new {r}[{p.Name}.Length];");
            w.Line($"var {hessianLocal[p.Name]} = new {r}[{p.Name}.Length];");
            w.Open($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++)");
            w.Line($"{gradientLocal[p.Name]}[{i}] = {dualAdjoint[p.Name]}[{i}].Value;");
            w.Line($"{hessianLocal[p.Name]}[{i}] = {dualAdjoint[p.Name]}[{i}].Tangent;");
            w.Close();
        }
        string Part(Param p, bool gradient) => p.Kind == ParamKind.Real
            ? $"{dualAdjoint[p.Name]}.{(gradient ? "Value" : "Tangent")}"
            : gradient ? gradientLocal[p.Name] : hessianLocal[p.Name];
        w.Line($"return ({string.Join(", ", new[] { value + ".Value" }.Concat(inputs.Select(p => Part(p, true))).Concat(inputs.Select(p => Part(p, false))))});");
        if (rented.Count > 0)
        {
            w.Close();
            w.Open("finally");
            foreach (string a in rented) w.Line($"{Buffer}.Return({a});");
            w.Close();
        }
        w.Close();

        // ---- FHessian
        var hnames = new NameScope(m.Params.Select(p => p.Name).Concat(new[] { m.Name + "HessianVectorProduct" }));
        string size = hnames.Reserve("size"), hessian = hnames.Reserve("hessian"), direction = hnames.Reserve("direction");
        string column = hnames.Reserve("column"), row = hnames.Reserve("row"), product = hnames.Reserve("product"), j = hnames.Reserve("j");
        var offset = new Dictionary<string, string>();
        w.Line();
        w.Line("/// <summary>The dense Hessian over all differentiable inputs in parameter order (arrays flattened), one");
        w.Line("/// Hessian-vector product per column; symmetric up to rounding.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {r}[,] {m.Name}Hessian{m.TypeParameters}({primalParams}){constraints}");
        w.Line($"int {size} = {string.Join(" + ", inputs.Select(p => p.Kind == ParamKind.Real ? "1" : p.Name + ".Length"))};");
        w.Line($"var {hessian} = new {r}[{size}, {size}];");
        w.Line($"var {direction} = new {r}[{size}];");
        var starts = new List<string>();
        foreach (Param p in inputs)
        {
            string start = starts.Count == 0 ? "0" : string.Join(" + ", starts);
            offset[p.Name] = start;
            starts.Add(p.Kind == ParamKind.Real ? "1" : p.Name + ".Length");
        }
        w.Open($"for (int {column} = 0; {column} < {size}; {column}++)");
        w.Line($"{direction}[{column}] = {ExprPrinter.Literal(r, 1)};");
        string directionArgs = string.Join(", ", inputs.Select(p => p.Kind == ParamKind.Real
            ? $"{direction}[{offset[p.Name]}]"
            : $"global::System.MemoryExtensions.AsSpan({direction}, {offset[p.Name]}, {p.Name}.Length)"));
        w.Line($"var {product} = {m.Name}HessianVectorProduct{m.TypeParameters}({string.Join(", ", m.Params.Select(p => p.Name))}, {directionArgs});");
        w.Line($"{direction}[{column}] = {ExprPrinter.Literal(r, 0)};");
        w.Line($"int {row} = 0;");
        int item = 2 + inputs.Count;
        foreach (Param p in inputs)
        {
            if (p.Kind == ParamKind.Real) w.Line($"{hessian}[{row}++, {column}] = {product}.Item{item};");
            else w.Line($"for (int {j} = 0; {j} < {p.Name}.Length; {j}++) {hessian}[{row}++, {column}] = {product}.Item{item}[{j}];");
            item++;
        }
        w.Close();
        w.Line($"return {hessian};");
        w.Close();
    }
}
