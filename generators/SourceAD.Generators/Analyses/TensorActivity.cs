using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Activity analysis of a tensor program (the tensor counterpart of <see cref="Activity"/>): a variable is active when
/// it is varied (computed from a [Parameter] member or a differentiable input, or by a call that takes <c>Gradients</c>)
/// and it has an adjoint when it is also useful (it reaches the result through differentiable arguments).
/// Flow-insensitive, since loops carry values around: every statement of every loop and branch counts.
/// </summary>
/// <remarks>
/// One result per derivative body: <c>withInputs</c> makes the differentiable tensor inputs active (their adjoints are
/// returned, their tangents read); otherwise only [Parameter] members are, and inputs are data (a first convolution
/// skips dx). <see cref="Primal"/> is the value-only body, where nothing is active.
/// </remarks>
internal sealed class TensorActivity
{
    private readonly HashSet<string> _active = new();
    private readonly HashSet<string> _adjoint = new();
    private readonly HashSet<string> _inputs;
    private readonly HashSet<string> _sequences;

    private TensorActivity(TensorModel m, bool withInputs, bool primal)
    {
        Model = m;
        _inputs = new HashSet<string>(withInputs ? m.Params.Where(p => p.Differentiable).Select(p => p.Name) : Enumerable.Empty<string>());
        _sequences = new HashSet<string>(m.Params.Where(p => p.Kind == ParamKind.PassiveArray && _inputs.Contains(p.Name)).Select(p => p.Name));
        var statements = new List<TensorStmt>();
        Flatten(m.Body, statements);
        Statements = statements;
        if (primal) return; // nothing is active: the primal alone
        // Varied from a parameter or a differentiable input…
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (TensorStmt s in statements)
            {
                if (_active.Contains(s.Target)) continue;
                if ((s.Call is { HasGradients: true }) || s.Args.Any(a => IsDifferentiable(s, a) && Varied(a)))
                {
                    _active.Add(s.Target);
                    changed = true;
                }
            }
        }
        // …and useful: reaching the result through differentiable arguments.
        var useful = new HashSet<string> { m.Result };
        changed = true;
        while (changed)
        {
            changed = false;
            foreach (TensorStmt s in statements)
            {
                if (!useful.Contains(s.Target)) continue;
                foreach (TensorArg a in s.Args)
                {
                    if (IsDifferentiable(s, a) && a.Kind == TensorArgKind.Local && useful.Add(a.Text)) changed = true;
                }
            }
        }
        foreach (string v in _active) if (useful.Contains(v)) _adjoint.Add(v);
    }

    /// <summary>The activity of a derivative body: with the differentiable tensor inputs active or not.</summary>
    public static TensorActivity Of(TensorModel m, bool withInputs) => new(m, withInputs, primal: false);

    /// <summary>The value-only body: nothing is active, the inputs are data.</summary>
    public static TensorActivity Primal(TensorModel m) => new(m, withInputs: false, primal: true);

    /// <summary>The program analysed.</summary>
    public TensorModel Model { get; }

    /// <summary>Every <see cref="TensorStmt"/> of the program, loops and branches flattened, in program order.</summary>
    public IReadOnlyList<TensorStmt> Statements { get; }

    /// <summary>The differentiable tensor inputs that are active here (none unless <c>withInputs</c>).</summary>
    public IReadOnlyCollection<string> Inputs => _inputs;

    /// <summary>A variable that is varied (it gets a tangent in forward mode).</summary>
    public bool IsActive(string variable) => _active.Contains(variable);

    /// <summary>A variable that is varied and useful (it gets an adjoint in reverse mode).</summary>
    public bool HasAdjoint(string variable) => _adjoint.Contains(variable);

    /// <summary>An active differentiable input.</summary>
    public bool IsInput(string parameter) => _inputs.Contains(parameter);

    /// <summary>An active Tensor[] input: its adjoints are an array, element by element.</summary>
    public bool IsSequence(string parameter) => _sequences.Contains(parameter);

    /// <summary>Whether the value of <paramref name="a"/> depends on what is differentiated here.</summary>
    public bool Varied(TensorArg a) => a.Kind switch
    {
        TensorArgKind.Parameter or TensorArgKind.ParameterElement or TensorArgKind.ParameterArray => Model.HasGradients,
        TensorArgKind.Input => _inputs.Contains(a.Text),
        TensorArgKind.Element => _inputs.Contains(Sequence(a.Text)),
        TensorArgKind.Local => _active.Contains(a.Text),
        _ => false,
    };

    /// <summary>A tensor argument that the op (or the called method) differentiates with respect to.</summary>
    public static bool IsDifferentiable(TensorStmt s, TensorArg a) =>
        a.Kind is not (TensorArgKind.Null or TensorArgKind.Passive) &&
        (s.Call is { } c ? c.Differentiable.Contains(a.Param) : TensorOpTable.Rows[s.Op].Differentiable.Contains(a.Param));

    /// <summary>"xs" of an element "xs[i]".</summary>
    public static string Sequence(string element) => element.Substring(0, element.IndexOf('['));

    private static void Flatten(IEnumerable<TensorNode> nodes, List<TensorStmt> into)
    {
        foreach (TensorNode n in nodes)
        {
            switch (n)
            {
                case TensorStmt s: into.Add(s); break;
                case TensorFor f: Flatten(f.Body, into); break;
                case TensorIf i: Flatten(i.Then, into); Flatten(i.Else, into); break;
            }
        }
    }
}
