using System.Collections.Generic;
using System.Text;

namespace SourceAD.Generators.Printing;

/// <summary>What a written line is, for the cost analysis of the pullback (the sweep plan).</summary>
internal enum LineKind
{
    /// <summary>Anything else: declarations, primal assignments, comments, calls, headers.</summary>
    Text,

    /// <summary>A tape push (<c>tape.Push(x);</c>, or <c>tape.PushRange(a);</c> pushing an array's entries in one block).</summary>
    Push,

    /// <summary>A tape pop (<c>x = tape.Pop();</c>, or <c>tape.PopRange(a);</c> popping a block back into an array).</summary>
    Pop,

    /// <summary>An adjoint accumulation, <c>dx += δ</c> or <c>dx -= δ</c>: one addition the reverse sweep executes.</summary>
    Accumulate,

    /// <summary>The opening brace of a block; <see cref="WrittenLine.Scope"/> is the loop scope when the block is a loop's body.</summary>
    Open,

    /// <summary>The closing brace of a block.</summary>
    Close,
}

/// <summary>
/// One written line: its indentation level, text, kind, (an <see cref="LineKind.Open"/> of a loop body) the printer's
/// scope, and the floating operations the printer printed for it, per primitive row (null when none): what the line
/// executes, counted where it was printed (a <c>?:</c> counts its dearer branch).
/// </summary>
internal readonly record struct WrittenLine(int Indent, string Text, LineKind Kind, LoopScope? Scope, IReadOnlyDictionary<string, int>? Ops = null);

/// <summary>
/// The one indented text writer for generated C# (both generators use it). Lines always end in '\n', so generated text
/// is byte-identical on every OS; never NormalizeWhitespace (slow, and it reformats user text).
/// </summary>
/// <remarks>
/// The writer keeps its lines, each with its <see cref="LineKind"/>, and prints them in <see cref="ToString"/>: the
/// pullback's emitters say what a line is when they write it (a push, a pop, an accumulation, a loop body opened for the
/// printer's <see cref="LoopScope"/>), so the cost analysis counts the same lines that are printed, by kind and block
/// structure, instead of scraping the printed text for <c>+=</c> and loop headers (issue 17: one source per fact).
/// A writer bound to an <see cref="ExprPrinter"/> also gives each line the operations printed since its last line
/// (<see cref="ExprPrinter.TakeCounts"/>): the text of a line is printed just before it is written, so the line carries
/// its own operation counts and the lines are the one structure the cost analysis counts.
/// </remarks>
internal sealed class CodeWriter
{
    private readonly List<WrittenLine> _lines = new();
    private readonly ExprPrinter? _printer;
    private int _indent;

    /// <summary>A writer; bound to <paramref name="printer"/>, each line it writes takes the operations printed for it.</summary>
    public CodeWriter(ExprPrinter? printer = null) => _printer = printer;

    /// <summary>The lines written so far, in order.</summary>
    public IReadOnlyList<WrittenLine> Lines => _lines;

    public CodeWriter Line(string text = "") => Line(LineKind.Text, text);

    /// <summary>Writes a line of the given kind (a push, a pop, an accumulation).</summary>
    public CodeWriter Line(LineKind kind, string text)
    {
        _lines.Add(new WrittenLine(_indent, text, kind, null, _printer?.TakeCounts()));
        return this;
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace, and indents.</summary>
    public CodeWriter Open(string header) => Open(header, null);

    /// <summary>
    /// Opens a loop's body: <paramref name="header"/> and a brace tied to <paramref name="scope"/>, the printer's scope of
    /// the body. Called as <c>w.OpenLoop($"for (…{Print(cond)}…)", printer.EnterLoop(f))</c>: C# evaluates the header
    /// first, so its operations count in the enclosing scope, then opens the body's.
    /// </summary>
    public CodeWriter OpenLoop(string header, LoopScope scope) => Open(header, scope);

    private CodeWriter Open(string header, LoopScope? scope)
    {
        if (header.Length > 0) Line(header);
        _lines.Add(new WrittenLine(_indent, "{", LineKind.Open, scope, _printer?.TakeCounts()));
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        _lines.Add(new WrittenLine(_indent, "}" + suffix, LineKind.Close, null, _printer?.TakeCounts()));
        return this;
    }

    /// <summary>
    /// Writes <paramref name="other"/>'s lines here, at this indentation, keeping their kinds and operations. As writing its text line by
    /// line did: trailing empty lines are dropped (an empty writer gives one empty line), and a line holding line breaks
    /// (verbatim user text) is split, each part indented here.
    /// </summary>
    public CodeWriter Append(CodeWriter other)
    {
        int first = _lines.Count;
        foreach (WrittenLine l in other._lines)
        {
            string text = l.Text.Length > 0 ? new string(' ', l.Indent * 4) + l.Text : "";
            string[] parts = text.Split('\n');
            for (int i = 0; i < parts.Length; i++)
            {
                _lines.Add(i == 0 ? new WrittenLine(_indent, parts[i], l.Kind, l.Scope, l.Ops) : new WrittenLine(_indent, parts[i], LineKind.Text, null));
            }
        }
        while (_lines.Count > first && _lines[_lines.Count - 1].Text.Length == 0) _lines.RemoveAt(_lines.Count - 1);
        if (_lines.Count == first) Line();
        return this;
    }

    /// <summary>
    /// Each line with the loop scope it executes in: a loop body's lines (its <see cref="LineKind.Open"/> names the
    /// scope, <see cref="OpenLoop"/>) belong to that scope, any other block's to the block around it, and the rest, and
    /// each closing line (a do-while's condition, printed after the scope is left), to the block around it.
    /// </summary>
    public IEnumerable<(WrittenLine Line, LoopScope Scope)> Scoped(LoopScope root)
    {
        var blocks = new Stack<LoopScope>();
        blocks.Push(root);
        foreach (WrittenLine line in _lines)
        {
            switch (line.Kind)
            {
                case LineKind.Open:
                    yield return (line, blocks.Peek());
                    blocks.Push(line.Scope ?? blocks.Peek());
                    break;
                case LineKind.Close:
                    if (blocks.Count > 1) blocks.Pop();
                    yield return (line, blocks.Peek());
                    break;
                default:
                    yield return (line, blocks.Peek());
                    break;
            }
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (WrittenLine l in _lines)
        {
            if (l.Text.Length > 0) sb.Append(' ', l.Indent * 4).Append(l.Text);
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
