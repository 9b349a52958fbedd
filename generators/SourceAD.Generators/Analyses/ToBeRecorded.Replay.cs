using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Replayed loops ([Checkpoint], PullbackEmitter.Checkpoint.cs): the reverse of a checkpointed loop reruns its steps
/// from snapshots, so it reads everything the loop reads, not only what its derivatives read. What the loop writes is
/// in the snapshots; what it only reads must hold, when the loop's reverse runs, the value it had when the loop ran.
/// So a write after the loop to a variable the loop only reads is recorded, as for any reverse that reads it. Writes
/// inside the loop see the ordinary reads: each step is taped and reversed at once, from its own state.
/// </summary>
internal sealed partial class ToBeRecorded
{
    private readonly Dictionary<Stmt, HashSet<string>> _replayReads = new(ReferenceComparer.Instance);
    private readonly Dictionary<Stmt, For> _replayedLoopOf = new(ReferenceComparer.Instance);

    private void FindReplayedLoops()
    {
        if (M.Checkpoints.Count == 0) return;
        void Walk(IEnumerable<Stmt> stmts)
        {
            foreach (Stmt s in stmts)
            {
                if (s is For f && M.Checkpoints.Any(c => c.LoopVariable == f.Var)) Replayed(f);
                if (s is If i) { Walk(i.Then); Walk(i.Else); }
            }
        }
        Walk(M.Body);
    }

    private void Replayed(For f)
    {
        var read = new HashSet<string>(Ir.AllExpressions(new Stmt[] { f }).SelectMany(Ir.Reads));
        var written = new HashSet<string> { f.Var };
        foreach (Stmt s in Ir.Descendants(f.Body))
        {
            switch (s)
            {
                case Assign { Target: Ref r }: written.Add(r.Name); break;
                case Assign { Target: Elem el }: written.Add(el.Array); break;
                case CallStmt c: written.UnionWith(c.Outputs.Select(CallStmt.ArrayOf)); break;
                case For inner: written.Add(inner.Var); break;
            }
        }
        read.ExceptWith(written);
        foreach (Stmt s in Ir.Descendants(f.Body))
        {
            _replayReads[s] = read;
            _replayedLoopOf[s] = f;
        }
    }

    /// <summary>What the reverse of <paramref name="n"/> reads, as a write at <paramref name="writer"/> sees it: a replayed
    /// loop's reads count for writes outside that loop.</summary>
    private HashSet<string> ReadsSeenFrom(FlowGraph.Node n, FlowGraph.Node writer, Dictionary<FlowGraph.Node, HashSet<string>> reads)
    {
        HashSet<string> own = reads[n];
        if (n.Stmt is null || !_replayedLoopOf.TryGetValue(n.Stmt, out For? loop)) return own;
        if (writer.Stmt is not null && _replayedLoopOf.TryGetValue(writer.Stmt, out For? writerLoop) && ReferenceEquals(loop, writerLoop)) return own;
        var all = new HashSet<string>(own);
        all.UnionWith(_replayReads[n.Stmt]);
        return all;
    }
}
