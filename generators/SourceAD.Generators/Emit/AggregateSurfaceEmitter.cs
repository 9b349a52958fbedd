using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Emit;

/// <summary>
/// The generated members of a method that takes aggregates (structs, records, System.Numerics vectors, Complex). The
/// lowering replaced each aggregate by its leaves, so the derivative core (<see cref="SourceEmitter.EmitMembers"/> on
/// the flat model, private, under a name derived from the hint name) works on scalars and arrays. The surface keeps the
/// user's types: an aggregate input's adjoint and tangent are values of the same type (<c>ref Vec3 da</c>,
/// <c>Vec3 DA</c> in the gradient), and an array of aggregates gets a span or array of the same type, as
/// <c>double[]</c> inputs get <c>Span&lt;double&gt;</c>. The surface unpacks members into flat values and arrays,
/// calls the core, and adds the flat adjoints back into the user's values (built with <c>with</c> or a constructor).
/// </summary>
internal static class AggregateSurfaceEmitter
{
    private static readonly string GeneratedCode = Helpers.GeneratedCodeAttribute.Text;

    public static void Emit(CodeWriter w, MethodModel m, IReadOnlyCollection<string>? vectorCallees = null)
    {
        string core = CoreName(m);
        MethodModel flat = m with { Name = core, Accessibility = "private", Surface = default };
        SourceEmitter.EmitMembers(w, flat, gradient: false, vectorCallees: vectorCallees);
        w.Line();
        if (m.ReturnType == "void") PassiveAggregateForwarders.Emit(w, m, flat);
        else new Surface(m, core).Emit(w);
    }

    /// <summary>A private name, unique per method through its hint name (overloads with equal flat signatures differ).</summary>
    private static string CoreName(MethodModel m)
    {
        uint hash = 2166136261;
        foreach (char c in m.HintName) hash = unchecked((hash ^ c) * 16777619);
        return $"__{m.Name}_{hash:x8}";
    }

    private sealed class Surface
    {
        private readonly MethodModel _m;
        private readonly string _core;
        private readonly NameScope _names;
        private readonly Dictionary<string, string> _d = new();
        private readonly string _seed;
        private readonly string _modifiers;
        private readonly string _constraints;

        public Surface(MethodModel m, string core)
        {
            _m = m;
            _core = core;
            _names = new NameScope(m.Surface.Select(p => p.Name));
            foreach (SurfaceParam p in m.Surface.Where(p => p.Differentiable && HasDerivative(p))) _d[p.Name] = _names.Reserve("d" + p.Name);
            _seed = _names.Reserve("seed");
            _modifiers = m.Accessibility + (m.IsStatic ? " static" : "");
            _constraints = m.Constraints.Length > 0 ? " " + m.Constraints : "";
        }

        private IEnumerable<SurfaceParam> Inputs => _m.Surface.Where(p => p.Differentiable && HasDerivative(p));

        private bool HasDerivative(SurfaceParam p) =>
            p.Shape is null ? _m.Params.Any(q => q.Name == p.Name && q.Differentiable) : p.Shape is not null;

        private Param Flat(string name) => _m.Params.First(q => q.Name == name);

        private string PrimalParams => string.Join(", ", _m.Surface.Select(p => $"{p.TypeText} {p.Name}"));

        private static string ElementType(SurfaceParam p) => p.Shape!.TypeText;

        public void Emit(CodeWriter w)
        {
            EmitPullback(w);
            w.Line();
            EmitGradient(w);
            w.Line();
            EmitPushforward(w);
        }

        /// <summary>Unpacks every aggregate array into one flat array per leaf (tangents too when <paramref name="tangents"/>).</summary>
        private Dictionary<string, string> UnpackArrays(CodeWriter w, NameScope names, bool tangents)
        {
            var flat = new Dictionary<string, string>();
            foreach (SurfaceParam p in _m.Surface.Where(p => p.IsArray))
            {
                var leaves = p.Shape!.Leaves();
                string i = names.Fresh("i");
                var lines = new List<string>();
                for (int k = 0; k < leaves.Count; k++)
                {
                    string a = names.Fresh(p.FlatNames[k]);
                    flat[p.FlatNames[k]] = a;
                    w.Line($"var {a} = new {leaves[k].Type}[{p.Name}.Length];");
                    lines.Add($"{a}[{i}] = {p.Name}[{i}].{leaves[k].Path};");
                    if (tangents && leaves[k].Floating && p.Differentiable)
                    {
                        string t = names.Fresh("t" + p.FlatNames[k]);
                        flat["t:" + p.FlatNames[k]] = t;
                        w.Line($"var {t} = new {leaves[k].Type}[{p.Name}.Length];");
                        lines.Add($"{t}[{i}] = {Current(p, _d[p.Name] + "[" + i + "]", leaves[k].Path, leaves[k].Type)};");
                    }
                }
                if (tangents && p.Differentiable) w.Line($"global::SourceAD.Runtime.Shapes.RequireLength({p.Name}.Length, {_d[p.Name]}.Length, \"{_d[p.Name]}\", \"{p.Name}\");");
                w.Open($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++)");
                foreach (string line in lines) w.Line(line);
                w.Close();
            }
            return flat;
        }

        /// <summary>The primal arguments of the core: each surface parameter's leaves.</summary>
        private IEnumerable<string> CoreArgs(Dictionary<string, string> arrays)
        {
            foreach (SurfaceParam p in _m.Surface)
            {
                if (p.Shape is null) { yield return CoreArg(p); continue; }
                var leaves = p.Shape.Leaves();
                for (int k = 0; k < leaves.Count; k++) yield return p.IsArray ? arrays[p.FlatNames[k]] : $"{p.Name}.{leaves[k].Path}";
            }
        }

        /// <summary>
        /// A parameter passed through: a list as a span of its elements, a <c>List&lt;T&gt;</c>'s own storage (read in place,
        /// no copy), an interface's elements copied. A null list throws as the user's method would on <c>list.Count</c>.
        /// </summary>
        private static string CoreArg(SurfaceParam p) => p.Sequence switch
        {
            SequenceKind.List => $"global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan({p.Name} ?? throw new global::System.ArgumentNullException(nameof({p.Name})))",
            SequenceKind.ReadOnlyList => $"global::System.Linq.Enumerable.ToArray({p.Name} ?? throw new global::System.ArgumentNullException(nameof({p.Name})))",
            _ => p.Name,
        };

        /// <summary>The element count of a parameter passed through: Length, or a list's Count.</summary>
        private static string Count(SurfaceParam p) => p.Sequence == SequenceKind.None ? p.Name + ".Length" : p.Name + ".Count";

        /// <summary>A leaf of an adjoint or tangent; a null record counts as zero.</summary>
        private string Current(SurfaceParam p, string value, string path, string type) =>
            p.Shape!.IsValueType ? $"{value}.{path}" : $"({value} is null ? {ExprPrinter.Literal(type, 0)} : {value}.{path})";

        private void EmitPullback(CodeWriter w)
        {
            var derivative = new List<string> { $"{_m.RealType} {_seed}" };
            foreach (SurfaceParam p in Inputs)
            {
                if (p.Shape is null)
                {
                    Param f = Flat(p.Name);
                    derivative.Add(f.Kind == ParamKind.Real ? $"ref {f.TypeText} {_d[p.Name]}" : $"global::System.Span<{f.ElementType}> {_d[p.Name]}");
                }
                else
                {
                    derivative.Add(p.IsArray ? $"global::System.Span<{ElementType(p)}> {_d[p.Name]}" : $"ref {p.TypeText} {_d[p.Name]}");
                }
            }
            w.Line("/// <summary>Reverse mode (vector-Jacobian product): returns the value and adds seed·∂/∂input into each adjoint (a struct's adjoint is a value of the same type).</summary>");
            w.Line(GeneratedCode);
            w.Open($"{_modifiers} {_m.RealType} {_m.Name}Pullback{_m.TypeParameters}({PrimalParams}, {string.Join(", ", derivative)}){_constraints}");
            var names = new NameScope(_m.Surface.Select(p => p.Name).Concat(_d.Values).Concat(new[] { _seed }));
            foreach (SurfaceParam p in Inputs.Where(p => p.IsArray))
            {
                w.Line($"global::SourceAD.Runtime.Shapes.RequireLength({p.Name}.Length, {_d[p.Name]}.Length, \"{_d[p.Name]}\", \"{p.Name}\");");
            }
            Dictionary<string, string> arrays = UnpackArrays(w, names, tangents: false);
            var adjoint = new Dictionary<string, string>();
            foreach (SurfaceParam p in Inputs.Where(p => p.Shape is not null))
            {
                var leaves = p.Shape!.Leaves();
                for (int k = 0; k < leaves.Count; k++)
                {
                    if (!leaves[k].Floating) continue;
                    string a = names.Fresh("d" + p.FlatNames[k]);
                    adjoint[p.FlatNames[k]] = a;
                    w.Line(p.IsArray ? $"var {a} = new {leaves[k].Type}[{p.Name}.Length];" : $"{leaves[k].Type} {a} = {ExprPrinter.Literal(leaves[k].Type, 0)};");
                }
            }
            var args = CoreArgs(arrays).Concat(new[] { _seed }).ToList();
            foreach (Param f in _m.Params.Where(f => f.Differentiable && f.Kind != ParamKind.RealSpanOutput))
            {
                if (adjoint.TryGetValue(f.Name, out string? a)) args.Add(f.Kind == ParamKind.Real ? "ref " + a : a);
                else args.Add(f.Kind == ParamKind.Real ? "ref " + _d[f.Name] : _d[f.Name]);
            }
            string value = names.Fresh("value");
            w.Line($"var {value} = {_core}Pullback{_m.TypeParameters}({string.Join(", ", args)});");
            foreach (SurfaceParam p in Inputs.Where(p => p.Shape is not null))
            {
                var leaves = p.Shape!.Leaves();
                string Sum(string current, int k, string index) =>
                    leaves[k].Floating ? $"{Current(p, current, leaves[k].Path, leaves[k].Type)} + {adjoint[p.FlatNames[k]]}{index}" : "";
                if (p.IsArray)
                {
                    string i = names.Fresh("i");
                    string d = $"{_d[p.Name]}[{i}]";
                    w.Open($"for (int {i} = 0; {i} < {p.Name}.Length; {i}++)");
                    w.Line($"{d} = {Build(p.Shape!, Template(p, d, $"{p.Name}[{i}]"), k => Sum(d, k, $"[{i}]"))};");
                    w.Close();
                }
                else
                {
                    string d = _d[p.Name];
                    w.Line($"{d} = {Build(p.Shape!, Template(p, d, p.Name), k => Sum(d, k, ""))};");
                }
            }
            w.Line($"return {value};");
            w.Close();
        }

        /// <summary>The value whose passive members the rebuilt adjoint keeps: the adjoint itself, or the primal for a null record.</summary>
        private static string Template(SurfaceParam p, string adjoint, string primal) => p.Shape!.IsValueType ? adjoint : $"({adjoint} ?? {primal})";

        private void EmitGradient(CodeWriter w)
        {
            var elements = new NameScope(new[] { "Value" });
            var inputs = Inputs.ToList();
            string Type(SurfaceParam p) => p.Shape is null
                ? (Flat(p.Name).Kind == ParamKind.Real ? p.TypeText : Flat(p.Name).ElementType + "[]")
                : p.IsArray ? ElementType(p) + "[]" : p.TypeText;
            string tuple = string.Join(", ", new[] { $"{_m.RealType} Value" }.Concat(inputs.Select(p => Type(p) + " " + elements.Reserve("D" + Identifiers.Pascal(p.Name)))));
            w.Line("/// <summary>The value and the gradient with respect to every differentiable parameter (a struct's gradient is a value of the same type).</summary>");
            w.Line(GeneratedCode);
            w.Open($"{_modifiers} ({tuple}) {_m.Name}Gradient{_m.TypeParameters}({PrimalParams}){_constraints}");
            var adjoints = new List<string>();
            foreach (SurfaceParam p in inputs)
            {
                string d = _d[p.Name];
                if (p.Shape is null && Flat(p.Name).Kind == ParamKind.Real) w.Line($"{p.TypeText} {d} = {ExprPrinter.Literal(p.TypeText, 0)};");
                else if (p.Shape is null) w.Line($"var {d} = new {Flat(p.Name).ElementType}[{Count(p)}];");
                else if (p.IsArray) w.Line($"var {d} = new {ElementType(p)}[{p.Name}.Length];");
                else w.Line($"{p.TypeText} {d} = {(p.Shape.IsValueType ? "default" : "null!")};");
                adjoints.Add(p.IsArray || p.Shape is null && Flat(p.Name).Kind != ParamKind.Real ? d : "ref " + d);
            }
            var names = new NameScope(_m.Surface.Select(p => p.Name).Concat(_d.Values));
            string value = names.Fresh("value");
            w.Line($"var {value} = {_m.Name}Pullback{_m.TypeParameters}({string.Join(", ", _m.Surface.Select(p => p.Name).Concat(new[] { ExprPrinter.Literal(_m.RealType, 1) }).Concat(adjoints))});");
            w.Line($"return ({string.Join(", ", new[] { value }.Concat(inputs.Select(p => _d[p.Name])))});");
            w.Close();
        }

        private void EmitPushforward(CodeWriter w)
        {
            var tangents = new List<string>();
            foreach (SurfaceParam p in Inputs)
            {
                if (p.Shape is null)
                {
                    Param f = Flat(p.Name);
                    tangents.Add(f.Kind == ParamKind.Real ? $"{f.TypeText} {_d[p.Name]}" : $"global::System.ReadOnlySpan<{f.ElementType}> {_d[p.Name]}");
                }
                else
                {
                    tangents.Add(p.IsArray ? $"global::System.ReadOnlySpan<{ElementType(p)}> {_d[p.Name]}" : $"{p.TypeText} {_d[p.Name]}");
                }
            }
            w.Line("/// <summary>Forward mode (Jacobian-vector product): the value and the directional derivative along the given tangents (a struct's tangent is a value of the same type).</summary>");
            w.Line(GeneratedCode);
            w.Open($"{_modifiers} ({_m.RealType} Value, {_m.RealType} Tangent) {_m.Name}Pushforward{_m.TypeParameters}({string.Join(", ", new[] { PrimalParams }.Concat(tangents))}){_constraints}");
            var names = new NameScope(_m.Surface.Select(p => p.Name).Concat(_d.Values));
            Dictionary<string, string> arrays = UnpackArrays(w, names, tangents: true);
            var args = CoreArgs(arrays).ToList();
            foreach (SurfaceParam p in _m.Surface)
            {
                if (p.Shape is null)
                {
                    if (Flat(p.Name).Differentiable && Flat(p.Name).Kind != ParamKind.RealSpanOutput) args.Add(_d[p.Name]);
                    continue;
                }
                var leaves = p.Shape.Leaves();
                for (int k = 0; k < leaves.Count; k++)
                {
                    if (!Flat(p.FlatNames[k]).Differentiable) continue;
                    args.Add(p.IsArray ? arrays["t:" + p.FlatNames[k]] : Current(p, _d[p.Name], leaves[k].Path, leaves[k].Type));
                }
            }
            w.Line($"return {_core}Pushforward{_m.TypeParameters}({string.Join(", ", args)});");
            w.Close();
        }

        /// <summary>A value of the shape: <c>template with { … }</c> or <c>new T(…)</c>, leaf k from <paramref name="leaf"/> (empty: keep the template's).</summary>
        private static string Build(AggregateShape shape, string template, Func<int, string> leaf)
        {
            var offsets = new List<int>();
            int offset = 0;
            foreach (AggregateMember m in shape.Members)
            {
                offsets.Add(offset);
                offset += m.Nested is null ? 1 : m.Nested.Leaves().Count;
            }
            string Member(int j)
            {
                AggregateMember m = shape.Members[j];
                int start = offsets[j];
                if (m.Nested is not null) return Build(m.Nested, $"{template}.{m.Name}", k => leaf(start + k));
                string v = leaf(start);
                return v.Length > 0 ? v : $"{template}.{m.Name}";
            }
            if (shape.Build == AggregateBuild.Constructor)
            {
                return $"new {shape.TypeText}({string.Join(", ", shape.ConstructorOrder.Select(Member))})";
            }
            var sets = shape.Members.Select((m, j) => (m, j)).Where(x => x.m.Floating || x.m.Nested is not null).Select(x => $"{x.m.Name} = {Member(x.j)}");
            return $"{template} with {{ {string.Join(", ", sets)} }}";
        }
    }
}
