namespace SourceAD.Generators.Model;

/// <summary>
/// How an array variable holds its scalars. The derivative of an array has the same layout as the array, so a
/// <c>double[,]</c> parameter's adjoint is a <c>double[,]</c> and a <c>double[][]</c>'s is a <c>double[][]</c> with rows
/// of the same lengths.
/// </summary>
internal enum ArrayLayout
{
    /// <summary>A one-dimensional array or span (<c>T[]</c>, <c>Span&lt;T&gt;</c>): derivatives are spans or rented arrays.</summary>
    Flat,

    /// <summary>A rectangular array of rank 2 or more (<c>T[,]</c>, <c>T[,,]</c>), indexed <c>a[i, j]</c>.</summary>
    Rectangular,

    /// <summary>An array of rows (<c>T[][]</c>), indexed <c>a[i][j]</c>; each row is allocated on its own.</summary>
    Jagged,
}
