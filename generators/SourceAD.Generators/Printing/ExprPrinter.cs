using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Printing;

/// <summary>
/// Prints IR expressions as C# in the method's numeric dialect: keywords for double/float, <c>T.Exp(x)</c> for generic
/// math, <c>T.CreateTruncating(c)</c> for constants of generic or Half type. Tallies the floating operations it prints
/// until a <see cref="CodeWriter"/> bound to it writes the line they are printed for (<see cref="TakeCounts"/>), so every
/// written line carries its own operations and the cost analyzer counts the code actually emitted, line by line.
/// </summary>
internal sealed class ExprPrinter
{
    private readonly Func<string, string> _rename;

    public ExprPrinter(Func<string, string>? rename = null) => _rename = rename ?? (n => n);

    /// <summary>Floating operations printed since the last line took them, per primitive row.</summary>
    private Dictionary<string, int> _pending = new();

    /// <summary>Whether operations were printed that no line has taken yet (printed text no bound writer wrote).</summary>
    public bool HasUntakenCounts => _pending.Count > 0;

    /// <summary>
    /// The operations printed since the last call, per primitive row (null when none), and starts a new tally: a bound
    /// <see cref="CodeWriter"/> calls it for each line it writes, whose text was printed just before.
    /// </summary>
    public IReadOnlyDictionary<string, int>? TakeCounts()
    {
        if (_pending.Count == 0) return null;
        Dictionary<string, int> taken = _pending;
        _pending = new Dictionary<string, int>();
        return taken;
    }

    /// <summary>
    /// Gives operations taken with <see cref="TakeCounts"/> back to the tally, for the next line: an emitter that prints
    /// a line's text before writing the lines that go ahead of it (the adjoints a call's pullback takes by ref) sets
    /// them aside meanwhile, so they stay on the line they were printed for.
    /// </summary>
    public void PutBack(IReadOnlyDictionary<string, int>? counts)
    {
        if (counts is null) return;
        foreach (var kv in counts) _pending[kv.Key] = (_pending.TryGetValue(kv.Key, out int n) ? n : 0) + kv.Value;
    }

    public string Print(Expr e) => P(e, 0);

    private readonly Dictionary<Elem, string> _values = new();

    /// <summary>Until <see cref="ReleaseValue"/>, <paramref name="element"/> prints as <paramref name="local"/>, which holds its value (a reverse loop reads it once).</summary>
    public void HoldValue(Elem element, string local) => _values[element] = local;

    /// <summary>Ends a <see cref="HoldValue"/>; false when <paramref name="element"/> was not held.</summary>
    public bool ReleaseValue(Elem element) => _values.Remove(element);

    /// <summary>Whether an enclosing loop holds <paramref name="element"/>'s value in a local.</summary>
    public bool HoldsValue(Elem element) => _values.ContainsKey(element);

    /// <summary>
    /// The loop nest being printed: emitters call <see cref="EnterLoop"/>/<see cref="ExitLoop"/> around each loop they
    /// write and open its body with <see cref="CodeWriter.OpenLoop"/>, so every line, and the operations it carries, is
    /// attributed to the scope it executes in (the cost analyzer multiplies by trip counts). Scopes are listed in the
    /// order their loops are opened, the textual order of the loop headers.
    /// </summary>
    public List<LoopScope> Scopes { get; } = new() { new LoopScope(null, null) };

    private LoopScope _scope = null!;

    /// <summary>The scope of the code being printed now.</summary>
    public LoopScope Current => _scope ??= Scopes[0];

    /// <summary>Opens the scope of a loop's body, and returns it; <paramref name="loop"/> is the IR loop (forward and reverse sweeps share it).</summary>
    public LoopScope EnterLoop(object loop)
    {
        _scope = new LoopScope(loop, Current);
        Scopes.Add(_scope);
        return _scope;
    }

    /// <summary>Closes the innermost loop scope.</summary>
    public void ExitLoop() => _scope = Current.Parent ?? Scopes[0];

    private static void Restore(Dictionary<string, int> counts, Dictionary<string, int> saved)
    {
        counts.Clear();
        foreach (var kv in saved) counts[kv.Key] = kv.Value;
    }

    /// <summary>counts = max(counts, other) per operation: both start from the same counts before the branches.</summary>
    private static void KeepLarger(Dictionary<string, int> counts, Dictionary<string, int> other)
    {
        foreach (var kv in other)
        {
            if (!counts.TryGetValue(kv.Key, out int n) || n < kv.Value) counts[kv.Key] = kv.Value;
        }
    }

    private void Count(string op)
    {
        _pending[op] = _pending.TryGetValue(op, out int n) ? n + 1 : 1;
    }

    // Precedence (Operators.Precedence): 1 ?:, 2 ||, 3 &&, 4 | ^ &, 5 == !=, 6 relational, 7 shift, 8 + -, 9 * / %, 10 unary.
    private string P(Expr e, int ctx)
    {
        switch (e)
        {
            case Lit l:
                string lit = Literal(l.Type, l.Value);
                return lit.StartsWith("-", StringComparison.Ordinal) && ctx >= Operators.Precedence(BinaryOp.Subtract) ? "(" + lit + ")" : lit;
            case Ref r:
                return _rename(r.Name);
            case Elem el:
                if (_values.TryGetValue(el, out string? held)) return held;
                if (el.Inner.Count == 0) return $"{_rename(el.Array)}[{P(el.Index, 0)}]";
                return el.Jagged
                    ? $"{_rename(el.Array)}[{P(el.Index, 0)}]{string.Concat(el.Inner.Select(i => "[" + P(i, 0) + "]"))}"
                    : $"{_rename(el.Array)}[{P(el.Index, 0)}, {string.Join(", ", el.Inner.Select(i => P(i, 0)))}]";
            case Slice sl:
                return sl.ArrayBase
                    ? $"global::System.MemoryExtensions.AsSpan({_rename(sl.Array)}, {P(sl.Start, 0)}, {P(sl.Length, 0)})"
                    : $"{_rename(sl.Array)}.Slice({P(sl.Start, 0)}, {P(sl.Length, 0)})";
            case Len len:
                if (len.Dimension is not null) return $"{_rename(len.Array)}.GetLength({P(len.Dimension, 0)})";
                return len.Row is null ? $"{_rename(len.Array)}.Length" : $"{_rename(len.Array)}[{P(len.Row, 0)}].Length";
            case Opaque o:
                return o.Text;
            case Un u:
            {
                if (Operators.Row(u.Op) is string row && u.Type.IsReal) Count(row);
                string inner = P(u.A, Operators.UnaryPrecedence);
                // "- -x" must not print as the decrement token "--x".
                if (inner.StartsWith("-", StringComparison.Ordinal) || inner.StartsWith("+", StringComparison.Ordinal)) inner = "(" + inner + ")";
                return Wrap(Operators.Token(u.Op) + inner, Operators.UnaryPrecedence, ctx);
            }
            case Bin b:
            {
                int prec = Operators.Precedence(b.Op);
                if (Operators.Row(b.Op) is string row && b.Type.IsReal) Count(row);
                // Left-associative: the right operand needs parentheses at equal precedence.
                return Wrap($"{P(b.A, prec)} {Operators.Token(b.Op)} {P(b.B, prec + 1)}", prec, ctx);
            }
            case Cond c:
            {
                // Only one branch of ?: runs: it costs its condition and the dearer branch (per operation), not both.
                string condition = P(c.C, 2);
                var before = new Dictionary<string, int>(_pending);
                string a = P(c.A, 1);
                var afterA = new Dictionary<string, int>(_pending);
                Restore(_pending, before);
                string b = P(c.B, 1);
                KeepLarger(_pending, afterA);
                return Wrap($"{condition} ? {a} : {b}", 1, ctx);
            }
            case Conv c:
                return Wrap(Convert(c.Type, c.A), Operators.UnaryPrecedence, ctx);
            case Prim p:
            {
                if (p.Args[0].Type.IsReal) Count(p.Name);
                Primitive row = PrimitiveTable.Get(p.Name);
                if (row.IsOperator) return P(Operators.OfUnaryRow(p.Name) is UnaryOp unary ? new Un(p.Type, unary, p.Args[0]) : new Bin(p.Type, Operators.OfRow(p.Name)!.Value, p.Args[0], p.Args[1]), ctx);
                string args = string.Join(", ", p.Args.Select(a => P(a, 0)));
                string function = row.Emit ?? p.Args[0].Type.Name + "." + (p.Name == "LogBase" ? "Log" : p.Name);
                return $"{function}({args})";
            }
            case Call c:
                return $"{c.Target.Receiver}.{c.Target.Method}{c.Target.TypeArguments}({string.Join(", ", c.Args.Select(a => P(a, 0)))})";
            case DataRead d:
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, d.Template, d.Args.Select(a => (object)P(a, 0)).ToArray());
            case PassiveCall c:
                return $"{c.Function}({string.Join(", ", c.Args.Select(a => P(a, 0)))})";
            default:
                throw new InvalidOperationException("Unknown expression " + e.GetType().Name);
        }
    }

    private string Convert(IrType type, Expr a)
    {
        if (type.IsNumericKeyword && a.Type.IsNumericKeyword) return $"({type}){P(a, Operators.UnaryPrecedence)}";
        return $"{type}.CreateTruncating({P(a, 0)})";
    }

    public static string Literal(IrType type, double value)
    {
        switch (type.Kind)
        {
            case IrTypeKind.Bool:
                return value != 0 ? "true" : "false";
            case IrTypeKind.Int or IrTypeKind.Long or IrTypeKind.OtherInteger when type.HasIntegerLiteral:
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            case IrTypeKind.Double:
                return Double(value);
            case IrTypeKind.Float:
                return double.IsNaN(value) || double.IsInfinity(value) ? $"(float){Double(value)}" : ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
            default:
                if (value == 0) return $"{type}.Zero";
                if (value == 1) return $"{type}.One";
                return $"{type}.CreateTruncating({Double(value)})";
        }
    }

    private static string Double(double v)
    {
        if (double.IsNaN(v)) return "double.NaN";
        if (double.IsPositiveInfinity(v)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(v)) return "double.NegativeInfinity";
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains(".") || s.Contains("E") ? s : s + ".0";
    }

    private static string Wrap(string s, int prec, int ctx) => prec < ctx ? "(" + s + ")" : s;
}

/// <summary>
/// A loop body, the identity a loop block's lines share (<see cref="CodeWriter.Scoped"/>), for the cost analyzer; the
/// root scope has no loop. A class, compared by reference: the forward and reverse sweeps of one loop are two scopes.
/// It holds no counts: the lines carry their own operations (<see cref="WrittenLine.Ops"/>).
/// </summary>
internal sealed class LoopScope
{
    public LoopScope(object? loop, LoopScope? parent)
    {
        Loop = loop;
        Parent = parent;
    }

    /// <summary>The IR loop statement, or null at method level.</summary>
    public object? Loop { get; }

    /// <summary>The enclosing scope.</summary>
    public LoopScope? Parent { get; }
}
