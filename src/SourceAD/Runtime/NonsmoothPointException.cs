namespace SourceAD;

/// <summary>Thrown by code generated under <see cref="NonsmoothPreset.Strict"/> when it reaches a tie or kink.</summary>
public sealed class NonsmoothPointException : ArithmeticException
{
    /// <summary>Creates the exception with a message naming the operation and the tied values.</summary>
    public NonsmoothPointException(string message) : base(message)
    {
    }
}
