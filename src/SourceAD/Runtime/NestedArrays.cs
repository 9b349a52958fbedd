namespace SourceAD.Runtime;

/// <summary>
/// What generated derivative code needs for rectangular (<c>T[,]</c>) and jagged (<c>T[][]</c>) arrays, whose adjoints
/// and tangents are arrays of the same shape: argument checks, and zero arrays of a given shape.
/// </summary>
public static class NestedArrays
{
    /// <summary>Throws unless <paramref name="derivative"/> has exactly the lengths of <paramref name="primal"/> in every dimension.</summary>
    public static void RequireSameShape(Array primal, Array derivative, string derivativeName, string primalName)
    {
        ArgumentNullException.ThrowIfNull(derivative, derivativeName);
        bool same = primal.Rank == derivative.Rank;
        for (int d = 0; same && d < primal.Rank; d++) same = primal.GetLength(d) == derivative.GetLength(d);
        if (!same)
        {
            throw new ArgumentException($"'{derivativeName}' has shape {Shape(derivative)} but '{primalName}' has shape {Shape(primal)}; a derivative array must have its primal's shape.", derivativeName);
        }
    }

    /// <summary>Throws unless <paramref name="derivative"/> has as many rows as <paramref name="primal"/>, each at least as long.</summary>
    public static void RequireSameShape<T>(T[][] primal, T[][] derivative, string derivativeName, string primalName)
    {
        ArgumentNullException.ThrowIfNull(derivative, derivativeName);
        if (derivative.Length != primal.Length)
        {
            throw new ArgumentException($"'{derivativeName}' has {derivative.Length} rows but '{primalName}' has {primal.Length}.", derivativeName);
        }
        for (int i = 0; i < primal.Length; i++)
        {
            if (primal[i] is not null && (derivative[i] is null || derivative[i].Length < primal[i].Length))
            {
                throw new ArgumentException($"Row {i} of '{derivativeName}' has length {derivative[i]?.Length ?? 0} but row {i} of '{primalName}' has length {primal[i].Length}.", derivativeName);
            }
        }
    }

    /// <summary>A zero array of the shape of <paramref name="a"/>.</summary>
    public static T[,] ZerosLike<T>(T[,] a) => new T[a.GetLength(0), a.GetLength(1)];

    /// <summary>A zero array of the shape of <paramref name="a"/>.</summary>
    public static T[,,] ZerosLike<T>(T[,,] a) => new T[a.GetLength(0), a.GetLength(1), a.GetLength(2)];

    /// <summary>Zero rows of the lengths of <paramref name="a"/>'s rows (a null row stays null).</summary>
    public static T[][] ZerosLike<T>(T[][] a)
    {
        var zeros = new T[a.Length][];
        for (int i = 0; i < a.Length; i++) zeros[i] = a[i] is null ? null! : new T[a[i].Length];
        return zeros;
    }

    private static string Shape(Array a) => "(" + string.Join(", ", Enumerable.Range(0, a.Rank).Select(a.GetLength)) + ")";
}
