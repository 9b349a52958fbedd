using System.Collections.Generic;
using System.Linq;

namespace SourceAD.Generators.Model;

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

    // A user's '@out' and 'out' are one name: both spellings are taken.
    public NameScope(IEnumerable<string> userNames) => _taken = new HashSet<string>(userNames.SelectMany(n => new[] { n, n.Replace("@", "") }));

    /// <summary><paramref name="preferred"/> itself when free (public API names: seed, da, …), else with trailing underscores.</summary>
    public string Reserve(string preferred)
    {
        string name = Identifiers.Clean(preferred);
        while (_taken.Contains(name) || _taken.Contains(name.Replace("@", ""))) name += "_";
        _taken.Add(name);
        return name;
    }

    /// <summary>A fresh temporary echoing <paramref name="hint"/>: <c>hint_0</c>, <c>hint_1</c>, …</summary>
    public string Fresh(string hint)
    {
        string name;
        hint = hint.Replace("@", "");
        do { name = $"{hint}_{_temp++}"; } while (_taken.Contains(name));
        _taken.Add(name);
        return name;
    }
}
