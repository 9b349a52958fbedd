namespace SourceAD.Runtime;

/// <summary>Argument checks shared by generated derivative code; the messages name the parameter and both lengths.</summary>
public static class Shapes
{
    /// <summary>Throws when an adjoint or tangent span is shorter than its primal.</summary>
    public static void RequireLength(int primalLength, int derivativeLength, string derivativeName, string primalName)
    {
        if (derivativeLength < primalLength)
        {
            throw new ArgumentException(
                $"'{derivativeName}' has length {derivativeLength} but '{primalName}' has length {primalLength}; a derivative span must be at least as long as its primal.",
                derivativeName);
        }
    }
}
