using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SourceAD.Generators.Cost;

/// <summary>
/// A cost as a polynomial in loop trip counts, e.g. <c>7·n·d + 3·n + 12</c>: each monomial is a product of size
/// symbols (parameter names, <c>|x|</c> for an array's length, <c>t1</c> for a loop whose bound is unknown).
/// Immutable; coefficients are nonnegative in practice (counts times costs).
/// </summary>
internal sealed class Polynomial
{
    // Monomial key: its symbols sorted ordinally and joined by '·'; "" is the constant term.
    private readonly SortedDictionary<string, double> _terms;

    private Polynomial(SortedDictionary<string, double> terms) => _terms = terms;

    /// <summary>The zero polynomial.</summary>
    public static Polynomial Zero { get; } = new(new SortedDictionary<string, double>(StringComparer.Ordinal));

    /// <summary>A constant.</summary>
    public static Polynomial Constant(double c) => c == 0 ? Zero : new(new SortedDictionary<string, double>(StringComparer.Ordinal) { [""] = c });

    /// <summary>One size symbol.</summary>
    public static Polynomial Symbol(string name) => new(new SortedDictionary<string, double>(StringComparer.Ordinal) { [name] = 1 });

    /// <summary>True when no term is left.</summary>
    public bool IsZero => _terms.Count == 0;

    /// <summary>The symbols that occur.</summary>
    public IEnumerable<string> Symbols => _terms.Keys.SelectMany(Split).Distinct();

    public static Polynomial operator +(Polynomial a, Polynomial b)
    {
        var t = new SortedDictionary<string, double>(a._terms, StringComparer.Ordinal);
        foreach (var kv in b._terms) Add(t, kv.Key, kv.Value);
        return new(t);
    }

    public static Polynomial operator -(Polynomial a, Polynomial b) => a + b * -1;

    public static Polynomial operator *(Polynomial a, double c)
    {
        var t = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var kv in a._terms) Add(t, kv.Key, kv.Value * c);
        return new(t);
    }

    public static Polynomial operator *(Polynomial a, Polynomial b)
    {
        var t = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var x in a._terms)
        {
            foreach (var y in b._terms)
            {
                string key = string.Join("·", Split(x.Key).Concat(Split(y.Key)).OrderBy(s => s, StringComparer.Ordinal));
                Add(t, key, x.Value * y.Value);
            }
        }
        return new(t);
    }

    /// <summary>The value with every symbol bound by <paramref name="size"/>.</summary>
    public double Evaluate(Func<string, double> size) =>
        _terms.Sum(kv => kv.Value * Split(kv.Key).Aggregate(1.0, (p, s) => p * size(s)));

    /// <summary>The constant value, when no symbol occurs.</summary>
    public double? AsConstant => _terms.Count == 0 ? 0 : _terms.Count == 1 && _terms.ContainsKey("") ? _terms[""] : null;

    /// <summary>Highest degree first, then by symbols: <c>7·n·d + 3·n + 12</c>.</summary>
    public override string ToString()
    {
        if (_terms.Count == 0) return "0";
        var parts = _terms.OrderByDescending(kv => Split(kv.Key).Count()).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key.Length == 0 ? Number(kv.Value) : kv.Value == 1 ? kv.Key : Number(kv.Value) + "·" + kv.Key);
        return string.Join(" + ", parts).Replace("+ -", "− ");
    }

    /// <summary>A number as the reports print it: at most 3 significant decimals, no trailing zeros.</summary>
    public static string Number(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Split(string key) => key.Length == 0 ? Array.Empty<string>() : key.Split('·');

    private static void Add(SortedDictionary<string, double> t, string key, double value)
    {
        double sum = (t.TryGetValue(key, out double v) ? v : 0) + value;
        if (Math.Abs(sum) < 1e-12) t.Remove(key);
        else t[key] = sum;
    }
}
