using System.Collections.Generic;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// The one place generated code gets its names: every name is taken from a scope that starts with all the user's
/// names the generated method can see unqualified (its parameters and the method's locals), and never hands out a
/// name twice. The user's fields, properties, methods and types cannot be captured: generated code reaches them only
/// as <c>this.X</c> or <c>global::…</c> names, and user text it repeats is re-printed that way (QualifiedText).
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;
    private int _temp;

    public NameScope(IEnumerable<string> userNames) => _taken = new HashSet<string>(userNames);

    /// <summary><paramref name="preferred"/> itself when free (public API names: seed, da, …), else with trailing underscores.</summary>
    public string Reserve(string preferred)
    {
        string name = preferred;
        while (_taken.Contains(name)) name += "_";
        _taken.Add(name);
        return name;
    }

    /// <summary>A fresh temporary echoing <paramref name="hint"/>: <c>hint_0</c>, <c>hint_1</c>, …</summary>
    public string Fresh(string hint)
    {
        string name;
        do { name = $"{hint}_{_temp++}"; } while (_taken.Contains(name));
        _taken.Add(name);
        return name;
    }
}
