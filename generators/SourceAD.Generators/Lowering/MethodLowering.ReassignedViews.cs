using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// A span local that views different arrays over time (GradBench gap G8, lstm_predict:
/// <c>Span&lt;double&gt; layer_output = output; for (…) { lstm_model(…, layer_output); layer_output = state.Slice(2 * b * i); }</c>).
/// Every value assigned to it (its initializer and each reassignment) must be a view of a parameter or local array
/// (whole, a slice, a span view's call, another span local's view), so the arrays it may view, its <em>bases</em>, are
/// known when it is declared. It is then three passive integers that each assignment sets: which base it views, the
/// start and the length. A statement that reads or writes through it (an expression statement, a declaration, a return)
/// is lowered once per base, each copy with the local as a slice alias of that base, under an if/else chain on the base
/// (the derivative of the branch taken is the derivative of that statement); with one base, the local is a slice alias
/// whose start and length are those integers. Elsewhere (a condition, a loop bound, a foreach) only its Length can be
/// read; indexing it there is refused with the rewrite (read it into a local first).
/// </summary>
internal sealed partial class MethodLowering
{
    private sealed record ReassignedView(List<(string Array, bool ArrayBase)> Bases, string ElementType, string Selector, string Start, string Length)
    {
        /// <summary>The view as a slice alias of base <paramref name="j"/>.</summary>
        public SliceAlias Of(int j) => new(Bases[j].Array, Bases[j].ArrayBase, ElementType, new Ref("int", Start), new Ref("int", Length));
    }

    private readonly Dictionary<string, ReassignedView> _views = new();

    /// <summary>
    /// Declares a span local that is reassigned, or initialized with a whole array or span, as a view (see above); false
    /// when it is neither (a slice alias never reassigned is <see cref="TryLowerSliceAlias"/>'s).
    /// </summary>
    private bool TryLowerReassignedView(IVariableDeclaratorOperation d, string name, IOperation init, List<Stmt> output)
    {
        if (d.Symbol.Type is IArrayTypeSymbol || TypeClassifier.ElementOf(d.Symbol.Type, out bool span, out bool readOnly) is not ITypeSymbol element || !(span || readOnly)) return false;
        List<IOperation> assigned = AssignmentsTo(d.Symbol);
        if (assigned.Count == 0 && Unwrap(init) is not (ILocalReferenceOperation or IParameterReferenceOperation)) return false;
        var bases = new List<(string Array, bool ArrayBase)>();
        foreach (IOperation value in assigned.Prepend(init))
        {
            if (RootArray(value, name) is not var (array, arrayBase))
            {
                Unsupported(value, $"Assigning '{Short(value)}' to the span '{d.Symbol.Name}'",
                    "assign it only the whole or slices of array or span parameters and local arrays (x.Slice(start, length)), or views of them");
                return true;
            }
            if (array != name && !bases.Any(b => b.Array == array)) bases.Add((array, arrayBase));
        }
        var view = new ReassignedView(bases, TypeClassifier.Text(element), NewTemp(name + "Base", "int"), NewTemp(name + "Start", "int"), NewTemp(name + "Length", "int"));
        _views[name] = view;
        if (bases.Count == 1) _aliases[name] = view.Of(0);
        AssignView(view, init, output);
        return true;
    }

    /// <summary><c>v = state.Slice(…)</c> for a view local v: sets its base, start and length.</summary>
    private bool TryAssignView(ISimpleAssignmentOperation assign, List<Stmt> output)
    {
        if (assign.Target is not ILocalReferenceOperation l || !_names.TryGetValue(l.Local, out string? name) || !_views.TryGetValue(name, out ReassignedView? view)) return false;
        AssignView(view, assign.Value, output);
        return true;
    }

    private void AssignView(ReassignedView view, IOperation value, List<Stmt> output)
    {
        Expr arg = ArrayArgument(value);
        string array = arg is Slice s ? s.Array : arg is Ref r ? r.Name : "__invalid";
        int j = view.Bases.FindIndex(b => b.Array == array);
        if (j < 0)
        {
            if (array != "__invalid") Unsupported(value, $"Assigning '{Short(value)}' to a span that views other arrays", "assign it only views of the arrays its other assignments view");
            return;
        }
        Expr start = arg is Slice slice ? slice.Start : new Lit("int", 0);
        Expr length = arg is Slice sliced ? sliced.Length : new Len(array);
        // v = v.Slice(1) reads the view's own start and length: evaluate both before either is overwritten.
        if (new[] { start, length }.SelectMany(Ir.DescendantsAndSelf).Any(e => e is Ref x && (x.Name == view.Start || x.Name == view.Length)))
        {
            string s0 = NewTemp("viewStart", "int"), l0 = NewTemp("viewLength", "int");
            output.Add(new Assign(new Ref("int", s0), HoistCalls(start, output)));
            output.Add(new Assign(new Ref("int", l0), HoistCalls(length, output)));
            (start, length) = (new Ref("int", s0), new Ref("int", l0));
        }
        if (view.Bases.Count > 1) output.Add(new Assign(new Ref("int", view.Selector), new Lit("int", j)));
        output.Add(new Assign(new Ref("int", view.Start), HoistCalls(start, output)));
        output.Add(new Assign(new Ref("int", view.Length), HoistCalls(length, output)));
    }

    /// <summary>
    /// Lowers a simple statement that reads or writes through a view with several bases once per base, under an if/else
    /// chain on the base it views; false when the statement names no such view (or all of them are already resolved).
    /// </summary>
    private bool LowerPerViewBase(IOperation statement, List<Stmt> output)
    {
        string? name = statement.DescendantsAndSelf().OfType<ILocalReferenceOperation>()
            .Where(l => !(l.Parent is ISimpleAssignmentOperation a && a.Target == l))
            .Select(l => _names.TryGetValue(l.Local, out string? n) ? n : null)
            .FirstOrDefault(n => n is not null && _views.TryGetValue(n, out ReassignedView? v) && v.Bases.Count > 1 && !_aliases.ContainsKey(n));
        if (name is null) return false;
        ReassignedView view = _views[name];
        List<Stmt>? chain = null;
        for (int j = view.Bases.Count - 1; j >= 0; j--)
        {
            var branch = new List<Stmt>();
            _aliases[name] = view.Of(j);
            LowerStatement(statement, branch);
            chain = chain is null ? branch : new List<Stmt>
            {
                new If(new Bin("bool", BinaryOp.Equal, new Ref("int", view.Selector), new Lit("int", j)), branch.ToEquatable(), chain.ToEquatable()),
            };
        }
        _aliases.Remove(name);
        output.AddRange(chain!);
        return true;
    }

    /// <summary>A view with several bases read outside a statement that can be lowered per base: refused, with an invalid alias.</summary>
    private SliceAlias? UnresolvedView(ILocalReferenceOperation l)
    {
        if (!_names.TryGetValue(l.Local, out string? name) || !_views.TryGetValue(name, out ReassignedView? view) || _aliases.ContainsKey(name)) return null;
        Unsupported(l, $"Indexing the span '{l.Local.Name}', which views different arrays over time, here",
            "read what you need into a local in a statement of its own first (double v0 = view[0];), then use the local");
        return new SliceAlias("__invalid", false, view.ElementType, new Lit("int", 0), new Lit("int", 0));
    }

    /// <summary>The length of a view local, whichever array it views.</summary>
    private Expr? ViewLength(IOperation op) =>
        Unwrap(op) is ILocalReferenceOperation l && _names.TryGetValue(l.Local, out string? name) && _views.TryGetValue(name, out ReassignedView? view)
            ? new Ref("int", view.Length)
            : null;

    /// <summary>The value a local is declared with, or null.</summary>
    private IOperation? InitializerOf(ILocalSymbol local)
    {
        SyntaxNode? declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct);
        return declarator is null ? null : (ModelOf(declarator.SyntaxTree).GetOperation(declarator, _ct) as IVariableDeclaratorOperation)?.GetVariableInitializer()?.Value;
    }

    /// <summary>
    /// The array a view value reads (<c>state.Slice(k)</c>, <c>GetCol(m, 3, i)</c>, a span local's alias), with whether it
    /// is a T[]; <paramref name="self"/> for the view itself (<c>v = v.Slice(1)</c>); null for anything else.
    /// </summary>
    private (string Array, bool ArrayBase)? RootArray(IOperation op, string self)
    {
        op = Unwrap(op);
        if (SliceParts(op) is { } parts) return parts.IsRange && parts.Source.Type is IArrayTypeSymbol ? null : RootArray(parts.Source, self);
        if (op is IInvocationOperation call)
        {
            if (SpanViews.ViewedParameter(call.TargetMethod, out _) is not IParameterSymbol viewed) return null;
            IArgumentOperation? argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == viewed.Ordinal);
            return argument is null ? null : RootArray(argument.Value, self);
        }
        // A span local declared later in the method (Span<double> output = activations.AsSpan(…); input = output;):
        // what its initializer views, unless it is itself reassigned.
        if (op is ILocalReferenceOperation { Local.Type: not IArrayTypeSymbol } later && !_names.ContainsKey(later.Local) &&
            TypeClassifier.ElementOf(later.Local.Type, out _, out _) is not null)
        {
            return AssignmentsTo(later.Local).Count == 0 && InitializerOf(later.Local) is IOperation init ? RootArray(init, self) : null;
        }
        string? name = op switch
        {
            ILocalReferenceOperation l => DeclareLocal(l.Local),
            IParameterReferenceOperation p => Name(p.Parameter, p.Parameter.Name),
            _ => null,
        };
        if (name is null) return null;
        if (name == self) return (self, false);
        if (_aliases.TryGetValue(name, out SliceAlias? alias)) return (alias.Array, alias.ArrayBase);
        if (_views.ContainsKey(name) || !_arrays.Contains(name)) return null;
        return (name, op.Type is IArrayTypeSymbol || IsArrayStorage(name));
    }
}
