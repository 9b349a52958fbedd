using System.Collections.Generic;
using SourceAD.Generators.Emit;

namespace SourceAD.Generators.Cost;

/// <summary>
/// What the printer cannot see in emitted code: tape pushes (<c>tape.Push(…)</c> lines) and the additions of adjoint
/// accumulations (<c>dx += δ</c>, written around the printed δ), attributed to loop scopes by matching loop headers,
/// in textual order, to the scopes the printer opened in the same order.
/// </summary>
internal sealed class TextCounts
{
    /// <summary>Push lines per scope.</summary>
    public Dictionary<LoopScope, int> Pushes { get; } = new();

    /// <summary><c>+=</c>/<c>-=</c> lines per scope.</summary>
    public Dictionary<LoopScope, int> Accumulations { get; } = new();

    /// <summary>Counts <paramref name="code"/> (a pullback body) against the printer's <paramref name="scopes"/>.</summary>
    public static TextCounts Of(string code, List<LoopScope> scopes)
    {
        var result = new TextCounts();
        var stack = new Stack<LoopScope>();
        stack.Push(scopes[0]);
        int nextLoop = 1;
        LoopScope? pending = null;
        foreach (string raw in code.Split('\n'))
        {
            string line = raw.Trim();
            if (line == "{")
            {
                stack.Push(pending ?? stack.Peek());
                pending = null;
                continue;
            }
            if (line.StartsWith("}"))
            {
                if (stack.Count > 1) stack.Pop();
                continue;
            }
            // A one-line loop (a snapshot: for (…) tape.Push(a[q]);) opens no scope of the printer's.
            bool header = (line.StartsWith("for (") || line.StartsWith("while (")) && !line.EndsWith(";") || line == "do";
            if (header)
            {
                pending = nextLoop < scopes.Count ? scopes[nextLoop++] : stack.Peek();
                continue;
            }
            pending = null;
            LoopScope current = stack.Peek();
            if (line.Contains(".Push(")) Bump(result.Pushes, current);
            if (line.Contains(" += ") || line.Contains(" -= ")) Bump(result.Accumulations, current);
        }
        return result;
    }

    private static void Bump(Dictionary<LoopScope, int> d, LoopScope s) => d[s] = (d.TryGetValue(s, out int n) ? n : 0) + 1;
}
