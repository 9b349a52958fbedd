namespace SourceAD.Checking;

/// <summary>What one check of <see cref="DerivativeCheck"/> compared.</summary>
public enum DerivativeCheckKind
{
    /// <summary>The value oracle: the generated Gradient's and Pushforward's value equal the user's method's value, bit for bit.</summary>
    Value,

    /// <summary>A gradient entry against a central finite difference of the user's method along that input.</summary>
    GradientEntry,

    /// <summary>The pushforward's tangent along a random direction against a central finite difference along it.</summary>
    Direction,

    /// <summary>The dot-product test: the pushforward's tangent along a direction v equals ⟨gradient, v⟩.</summary>
    DotProduct,
}
