namespace TensorProgramKinds;

/// <summary>
/// An enum in a namespace that only a using directive brings into scope: generated code that emits a condition as
/// written (<c>mix == Mix.Add</c>) must copy the user's usings.
/// </summary>
public enum Mix
{
    Add,
    Subtract,
}
