using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>Syntactic facts about the IR's variables: which are floating, how often and where each is assigned.</summary>
internal sealed class VariableFacts
{
    public VariableFacts(MethodModel model)
    {
        Model = model;
        foreach (Param p in model.Params)
        {
            Types[p.Name] = p.ElementType;
            Layouts[p.Name] = p.Layout;
            if (p.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.RealSpanOutput or ParamKind.PassiveArray) Arrays.Add(p.Name);
            AssignCount[p.Name] = 1; // the caller's value counts as the first definition
        }
        foreach (Local l in model.Locals)
        {
            Types[l.Name] = l.ElementType;
            Layouts[l.Name] = l.Layout;
            if (l.IsArray) Arrays.Add(l.Name);
        }
        Walk(model.Body, 0);
        foreach (Assign bind in Ir.Descendants(model.Body).OfType<Assign>().Where(IsArrayBind))
        {
            string a = ((Ref)bind.Target).Name, b = ((Ref)bind.Value).Name;
            var group = new HashSet<string>(AliasesOf(a).Concat(AliasesOf(b)));
            foreach (string member in group) _aliases[member] = group;
        }
    }

    private readonly Dictionary<string, HashSet<string>> _aliases = new();

    /// <summary>
    /// <c>p = q</c> between array variables (a swap of rows, <c>(previous, current) = (current, previous)</c>): a second
    /// reference to the same storage, never a copy. Its derivative is the same binding of the derivatives.
    /// </summary>
    public bool IsArrayBind(Assign a) => a.Target is Ref t && a.Value is Ref v && Arrays.Contains(t.Name) && Arrays.Contains(v.Name);

    /// <summary>The array variables that may share storage with <paramref name="array"/> (itself included), through array binds.</summary>
    public IReadOnlyCollection<string> AliasesOf(string array) => _aliases.TryGetValue(array, out HashSet<string>? g) ? g : new[] { array };

    public MethodModel Model { get; }

    /// <summary>Element type (arrays) or type (scalars) of every variable.</summary>
    public Dictionary<string, string> Types { get; } = new();

    public HashSet<string> Arrays { get; } = new();

    /// <summary>The layout of every variable (flat for scalars and one-dimensional arrays).</summary>
    public Dictionary<string, ArrayLayout> Layouts { get; } = new();

    /// <summary>Whether <paramref name="name"/> is a rectangular or jagged array (its derivative is an array of the same shape).</summary>
    public bool IsNested(string name) => Layouts.TryGetValue(name, out ArrayLayout l) && l != ArrayLayout.Flat;

    /// <summary>Assignment sites per scalar variable (parameters start at 1).</summary>
    public Dictionary<string, int> AssignCount { get; } = new();

    /// <summary>Scalars assigned inside some loop.</summary>
    public HashSet<string> AssignedInLoop { get; } = new();

    /// <summary>Variables of canonical <see cref="For"/> loops: the reverse sweep sets them itself.</summary>
    public HashSet<string> CountedLoopVariables { get; } = new();

    /// <summary>A floating type of this method: double, float, Half, or the method's real type (its <c>T</c>).</summary>
    public bool IsReal(string type) => IrType.Of(type).IsFloatingKeyword || type == Model.RealType;

    public bool IsRealVariable(string name) => Types.TryGetValue(name, out string? t) && IsReal(t);

    /// <summary>True when an assignment to scalar <paramref name="name"/> may destroy a value defined earlier.</summary>
    public bool MayOverwrite(string name) =>
        AssignCount.TryGetValue(name, out int n) && n > 1 || AssignedInLoop.Contains(name);

    private void Walk(IEnumerable<Stmt> stmts, int depth)
    {
        foreach (Stmt s in stmts)
        {
            if (s is Assign { Target: Ref r })
            {
                AssignCount[r.Name] = AssignCount.TryGetValue(r.Name, out int n) ? n + 1 : 1;
                if (depth > 0) AssignedInLoop.Add(r.Name);
            }
            if (s is For f) CountedLoopVariables.Add(f.Var);
            Walk(Ir.Children(s), s is For or While ? depth + 1 : depth);
        }
    }
}
