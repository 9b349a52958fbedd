using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// <c>{Method}Jacobian</c> of a vector-output method: one vector pushforward with the identity seed when there are at
/// most twice as many columns (inputs) as rows (outputs) and at most 256 columns, else one pullback per row.
/// </summary>
internal static class JacobianEmitter
{
    /// <summary>The most columns a Jacobian takes from one vector sweep (its memory is p times the method's).</summary>
    private const int MaxForwardColumns = 256;

    private static readonly string GeneratedCode = Helpers.GeneratedCodeAttribute.Text;

    /// <summary>
    /// The dense Jacobian of a vector-output method: rows are the output's entries, columns the differentiable inputs (in
    /// parameter order, arrays flattened), then, for an in-out output, its contents on entry. <paramref name="forward"/>:
    /// whether the method has a vector pushforward to take the columns from.
    /// </summary>
    public static void Emit(CodeWriter w, MethodModel m, string modifiers, string primalParams, string primalArgs, string constraints, List<Param> inputs, bool forward)
    {
        var outputs = m.Params.Where(p => p.Kind == ParamKind.RealSpanOutput).ToList();
        if (outputs.Count != 1) return;
        Param output = outputs[0];
        string t = output.ElementType;
        w.Line();
        w.Line("/// <summary>The Jacobian ∂output/∂inputs: one row per output entry; columns are the differentiable inputs in parameter order (arrays flattened).</summary>");
        w.Line(GeneratedCode);
        w.Open($"{modifiers} {t}[,] {m.Name}Jacobian{m.TypeParameters}({primalParams}){constraints}");
        // Its own scope: the user's parameters, then the names the Jacobian needs.
        var names = new NameScope(m.Params.Select(p => p.Name));
        string columns = names.Reserve("columns"), jacobian = names.Reserve("jacobian"), seedRow = names.Reserve("seedRow");
        string row = names.Reserve("row"), column = names.Reserve("column"), j = names.Reserve("j");
        var adjoint = inputs.ToDictionary(p => p.Name, p => names.Reserve("d" + p.Name));
        string? entry = output.InOut ? names.Reserve(output.Name + "Entry") : null, entryAdjoint = output.InOut ? names.Reserve("d" + output.Name + "In") : null;
        string cols = string.Join(" + ", inputs.Select(p => p.Kind == ParamKind.Real ? "1" : p.Name + ".Length").Concat(output.InOut ? new[] { output.Name + ".Length" } : new string[0]).DefaultIfEmpty("0"));
        w.Line($"int {columns} = {cols};");
        w.Line($"var {jacobian} = new {t}[{output.Name}.Length, {columns}];");
        if (forward)
        {
            // Forward costs one sweep whose tangent work grows with the columns; reverse one pullback (about three to
            // four primals) per row: forward while there are at most twice as many columns as rows, and at most
            // MaxForwardColumns of them, since the sweep holds p tangents per local value (GradBench ht's
            // objectiveJacobian has 16,026 columns: 30,000 · 16,026 tangents for one local array).
            w.Open($"if ({columns} <= 2 * {output.Name}.Length && {columns} <= {MaxForwardColumns})");
            EmitForward(w, m, primalArgs, inputs, output, names, columns, jacobian);
            w.Close();
        }
        w.Line($"var {seedRow} = new {t}[{output.Name}.Length];");
        foreach (Param p in inputs)
        {
            w.Line(p.Kind == ParamKind.Real ? $"{p.TypeText} {adjoint[p.Name]} = default!;" : $"var {adjoint[p.Name]} = new {p.ElementType}[{p.Name}.Length];");
        }
        if (entry is not null)
        {
            w.Line($"var {entry} = ((global::System.ReadOnlySpan<{t}>){output.Name}).ToArray();");
            w.Line($"var {entryAdjoint} = new {t}[{output.Name}.Length];");
        }
        w.Open($"for (int {row} = 0; {row} < {output.Name}.Length; {row}++)");
        w.Line($"{seedRow}[{row}] = {ExprPrinter.Literal(t, 1)};");
        if (entry is not null)
        {
            w.Line($"((global::System.ReadOnlySpan<{t}>){entry}).CopyTo({output.Name});");
            w.Line($"global::System.Array.Clear({entryAdjoint});");
        }
        foreach (Param p in inputs)
        {
            w.Line(p.Kind == ParamKind.Real ? $"{adjoint[p.Name]} = {ExprPrinter.Literal(p.TypeText, 0)};" : $"global::System.Array.Clear({adjoint[p.Name]});");
        }
        var derivativeArgs = new List<string> { seedRow };
        derivativeArgs.AddRange(inputs.Select(p => p.Kind == ParamKind.Real ? $"ref {adjoint[p.Name]}" : adjoint[p.Name]));
        if (entryAdjoint is not null) derivativeArgs.Add(entryAdjoint);
        w.Line($"{m.Name}Pullback{m.TypeParameters}({SourceEmitter.Join(primalArgs, derivativeArgs)});");
        w.Line($"{seedRow}[{row}] = {ExprPrinter.Literal(t, 0)};");
        w.Line($"int {column} = 0;");
        foreach (Param p in inputs)
        {
            if (p.Kind == ParamKind.Real) w.Line($"{jacobian}[{row}, {column}++] = {adjoint[p.Name]};");
            else w.Line($"for (int {j} = 0; {j} < {adjoint[p.Name]}.Length; {j}++) {jacobian}[{row}, {column}++] = {adjoint[p.Name]}[{j}];");
        }
        if (entryAdjoint is not null) w.Line($"for (int {j} = 0; {j} < {entryAdjoint}.Length; {j}++) {jacobian}[{row}, {column}++] = {entryAdjoint}[{j}];");
        w.Close();
        w.Line($"return {jacobian};");
        w.Close();
    }

    /// <summary>
    /// The columns from one vector pushforward seeded with the identity (p = the number of columns): its output tangents,
    /// m × p row-major, are the Jacobian's rows.
    /// </summary>
    private static void EmitForward(CodeWriter w, MethodModel m, string primalArgs, List<Param> inputs, Param output, NameScope names, string columns, string jacobian)
    {
        string t = output.ElementType, column = names.Reserve("seedColumn"), j = names.Reserve("entry"), r = names.Reserve("r"), c = names.Reserve("c");
        string one = ExprPrinter.Literal(t, 1);
        var seeds = new List<string>();
        w.Line($"int {column} = 0;");
        foreach (Param p in inputs.Concat(new[] { output }))
        {
            string seed = names.Reserve("seed" + Identifiers.Pascal(p.Name));
            seeds.Add(seed);
            string element = p.Kind == ParamKind.Real ? p.TypeText : p.ElementType;
            if (p.Kind == ParamKind.Real)
            {
                w.Line($"var {seed} = new {element}[{columns}];");
                w.Line($"{seed}[{column}++] = {one};");
                continue;
            }
            w.Line($"var {seed} = new {element}[{p.Name}.Length * {columns}];");
            // An in-out output's contents on entry are inputs too (the last columns); a plain output's seed is its tangent.
            if (p != output || p.InOut) w.Line($"for (int {j} = 0; {j} < {p.Name}.Length; {j}++) {seed}[{j} * {columns} + {column}++] = {one};");
        }
        w.Line($"{m.Name}PushforwardVector{m.TypeParameters}({SourceEmitter.Join(primalArgs, new[] { columns }.Concat(seeds))});");
        string dy = seeds[seeds.Count - 1];
        w.Line($"for (int {r} = 0; {r} < {output.Name}.Length; {r}++) for (int {c} = 0; {c} < {columns}; {c}++) {jacobian}[{r}, {c}] = {dy}[{r} * {columns} + {c}];");
        w.Line($"return {jacobian};");
    }
}
