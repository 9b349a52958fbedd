using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// A control-flow graph over the structured IR: one node per assignment, call statement or return, one head per loop (with a back
/// edge from the end of its body). Loops may run zero times, which only over-approximates paths (safe for recording).
/// </summary>
internal sealed class FlowGraph
{
    internal sealed class Node
    {
        public Node(Stmt? stmt) => Stmt = stmt;
        public Stmt? Stmt { get; }
        public List<Node> Predecessors { get; } = new();

        /// <summary>On a loop's exit node: the loop (whose body a walk that stops here skips).</summary>
        public Stmt? ExitOf { get; set; }
    }

    private readonly List<Node> _sites = new();

    public FlowGraph(IEnumerable<Stmt> body)
    {
        var entry = new Node(null);
        Build(body, new List<Node> { entry });
    }

    /// <summary>Assignment and return nodes, in program order.</summary>
    public IReadOnlyList<Node> Sites => _sites;

    private List<Node> Build(IEnumerable<Stmt> stmts, List<Node> preds)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign or Return or CallStmt:
                {
                    var n = new Node(s);
                    n.Predecessors.AddRange(preds);
                    _sites.Add(n);
                    preds = new List<Node> { n };
                    break;
                }
                case If i:
                {
                    var then = Build(i.Then, preds);
                    var els = Build(i.Else, preds);
                    preds = then.Concat(els).Distinct().ToList();
                    break;
                }
                case For f:
                    preds = Loop(f, f.Body, Array.Empty<Stmt>(), preds);
                    break;
                case While w:
                    preds = Loop(w, w.Body, w.Increment, preds);
                    break;
                default:
                    // Any other statement with nested statements: treated as a loop, which over-approximates paths.
                    if (Ir.Children(s).Any()) preds = Loop(s, Ir.Children(s), Array.Empty<Stmt>(), preds);
                    break;
            }
        }
        return preds;
    }

    private List<Node> Loop(Stmt loop, IEnumerable<Stmt> body, IEnumerable<Stmt> increment, List<Node> preds)
    {
        var head = new Node(null);
        head.Predecessors.AddRange(preds);
        var exits = Build(body.Concat(increment), new List<Node> { head });
        head.Predecessors.AddRange(exits); // back edge
        // A separate exit node: a walk coming from after the loop passes it, one starting inside the body does not.
        var exit = new Node(null) { ExitOf = loop };
        exit.Predecessors.Add(head);
        return new List<Node> { exit };
    }

    /// <summary>
    /// Whether walking backwards from <paramref name="start"/> (exclusive) reaches a node satisfying
    /// <paramref name="found"/> before a node satisfying <paramref name="stop"/>.
    /// </summary>
    public bool ReachesBackwards(Node start, Func<Node, bool> found, Func<Node, bool> stop) => FindBackwards(start, found, stop) is not null;

    /// <summary>
    /// The first node satisfying <paramref name="found"/> that a walk backwards from <paramref name="start"/> (exclusive)
    /// reaches before a node satisfying <paramref name="stop"/>, or null. <paramref name="stop"/> also sees loop exit
    /// nodes (<see cref="Node.ExitOf"/>): stopping there skips the whole loop.
    /// </summary>
    public Node? FindBackwards(Node start, Func<Node, bool> found, Func<Node, bool> stop)
    {
        var seen = new HashSet<Node>();
        var stack = new Stack<Node>(start.Predecessors);
        while (stack.Count > 0)
        {
            Node n = stack.Pop();
            if (!seen.Add(n)) continue;
            if (n.Stmt is not null && found(n)) return n;
            if ((n.Stmt is not null || n.ExitOf is not null) && stop(n)) continue;
            foreach (Node p in n.Predecessors) stack.Push(p);
        }
        return null;
    }
}
