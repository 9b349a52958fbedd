using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The generator and analyzers run for many compilations at once in one process (the IDE, the compiler server), so a
/// table they read must not be changeable after start-up: every static collection in the generator assembly is frozen
/// (immutable, read-only or a record's equality comparer), never a Dictionary, HashSet or List that code could add to.
/// </summary>
public class FrozenStateTests
{
    private static readonly Type[] Mutable =
    [
        typeof(Dictionary<,>), typeof(HashSet<>), typeof(List<>), typeof(SortedDictionary<,>), typeof(SortedSet<>),
        typeof(Queue<>), typeof(Stack<>), typeof(System.Collections.Concurrent.ConcurrentDictionary<,>),
    ];

    [Fact]
    public void NoStaticFieldIsAMutableCollection()
    {
        List<string> offenders = Offenders(typeof(DifferentiableGenerator).Assembly.GetTypes());
        Assert.True(offenders.Count == 0, "mutable static collections: " + string.Join(", ", offenders));
    }

    [Fact]
    public void TheScanFindsAMutableStaticCollection() =>
        Assert.Equal(new[] { $"{typeof(Sample).FullName}.Rows (Dictionary`2)" }, Offenders([typeof(Sample)]));

    private static List<string> Offenders(IEnumerable<Type> types)
    {
        var offenders = new List<string>();
        foreach (Type type in types)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral || field.IsDefined(typeof(CompilerGeneratedAttribute)) || field.IsDefined(typeof(ThreadStaticAttribute)))
                {
                    continue;
                }
                Type t = field.FieldType;
                if (t.IsGenericType && Mutable.Contains(t.GetGenericTypeDefinition()) || t == typeof(Hashtable) || t == typeof(ArrayList))
                {
                    offenders.Add($"{type.FullName}.{field.Name} ({t.Name})");
                }
            }
        }
        return offenders;
    }

    private static class Sample
    {
        internal static readonly Dictionary<string, string> Rows = new();
    }
}
