namespace SourceAD.Checking;

/// <summary>
/// One differentiable input of a checked method, as it sits in the flat point the checker perturbs:
/// <paramref name="Length"/> consecutive entries, named <c>x</c> for a scalar and <c>b[3]</c> for an array entry.
/// </summary>
/// <param name="Name">The parameter's name in the user's method.</param>
/// <param name="Length">How many entries of the flat point it takes (1 for a scalar).</param>
/// <param name="IsArray">True for arrays and spans, so entries are named with an index.</param>
public sealed record CheckedInput(string Name, int Length, bool IsArray)
{
    /// <summary>The name of entry <paramref name="index"/> of this input, as a failure names it.</summary>
    public string EntryName(int index) => IsArray ? $"{Name}[{index}]" : Name;
}
