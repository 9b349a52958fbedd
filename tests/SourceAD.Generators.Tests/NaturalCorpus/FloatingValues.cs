using System.Reflection;
using System.Runtime.CompilerServices;

namespace SourceAD.Generators.Tests.NaturalCorpus;

/// <summary>
/// Views any argument (double, array of any rank, jagged array, struct, record, Complex, …) as the flat vector of its
/// floating-point scalars, in a fixed order, and rebuilds a deep copy of it from such a vector. Finite differences,
/// tangents, seeds and adjoints are all built this way, so the harness needs no knowledge of the program's types.
/// </summary>
public static class FloatingValues
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static bool HasFloating(Type t) => HasFloating(t, new HashSet<Type>());

    private static bool HasFloating(Type t, HashSet<Type> seen)
    {
        if (t == typeof(double) || t == typeof(float) || t == typeof(Half)) return true;
        if (t.IsArray) return HasFloating(t.GetElementType()!, seen);
        if (IsList(t)) return HasFloating(t.GetGenericArguments()[0], seen);
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t.IsPointer) return false;
        if (!seen.Add(t)) return false;
        return t.GetFields(InstanceFields).Any(f => HasFloating(f.FieldType, seen));
    }

    public static double[] Flatten(object? value)
    {
        var into = new List<double>();
        Flatten(value, into);
        return into.ToArray();
    }

    private static void Flatten(object? value, List<double> into)
    {
        switch (value)
        {
            case null: return;
            case double d: into.Add(d); return;
            case float f: into.Add(f); return;
            case Half h: into.Add((double)h); return;
            case Array a:
                if (!HasFloating(a.GetType())) return;
                foreach (object? e in a) Flatten(e, into);
                return;
        }
        Type t = value.GetType();
        if (!HasFloating(t)) return;
        if (IsList(t))
        {
            // Its elements, not its storage (whose capacity may exceed Count).
            foreach (object? e in (System.Collections.IList)value) Flatten(e, into);
            return;
        }
        foreach (FieldInfo f in t.GetFields(InstanceFields).Where(f => HasFloating(f.FieldType))) Flatten(f.GetValue(value), into);
    }

    /// <summary>A deep copy of <paramref name="template"/> whose floating scalars are taken, in order, from <paramref name="values"/>.</summary>
    public static object? Rebuild(object? template, IEnumerator<double> values)
    {
        switch (template)
        {
            case null: return null;
            case double: return Next(values);
            case float: return (float)Next(values);
            case Half: return (Half)Next(values);
            case Array a:
            {
                var copy = (Array)a.Clone();
                int[] index = new int[a.Rank];
                for (int flat = 0; flat < a.Length; flat++)
                {
                    int rest = flat;
                    for (int d = a.Rank - 1; d >= 0; d--)
                    {
                        index[d] = a.GetLowerBound(d) + rest % a.GetLength(d);
                        rest /= a.GetLength(d);
                    }
                    copy.SetValue(Rebuild(a.GetValue(index), values), index);
                }
                return copy;
            }
        }
        Type t = template.GetType();
        if (!HasFloating(t)) return template;
        if (IsList(t))
        {
            var list = (System.Collections.IList)Activator.CreateInstance(t)!;
            foreach (object? e in (System.Collections.IList)template) list.Add(Rebuild(e, values));
            return list;
        }
        object result = RuntimeHelpers.GetUninitializedObject(t);
        foreach (FieldInfo f in t.GetFields(InstanceFields)) f.SetValue(result, Rebuild(f.GetValue(template), values));
        return result;
    }

    private static bool IsList(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>);

    public static object? Rebuild(object? template, IEnumerable<double> values)
    {
        using IEnumerator<double> e = values.GetEnumerator();
        return Rebuild(template, e);
    }

    /// <summary>Same shape, all floating scalars zero.</summary>
    public static object? ZeroLike(object? template) => Rebuild(template, Zeros());

    private static IEnumerable<double> Zeros()
    {
        while (true) yield return 0.0;
    }

    private static double Next(IEnumerator<double> values) =>
        values.MoveNext() ? values.Current : throw new InvalidOperationException("Too few values to rebuild the argument");
}
