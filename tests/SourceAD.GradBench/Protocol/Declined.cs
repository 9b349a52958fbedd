namespace SourceAD.GradBench.Protocol;

/// <summary>
/// Evals the tool knows but does not implement. The protocol's way to decline is a <c>define</c> response with
/// <c>"success": false</c> (and an optional error); the eval then stops sending messages.
/// </summary>
public static class Declined
{
    /// <summary>Module name → why it is declined.</summary>
    /// <remarks>Empty since issue 14 (kmeans, particle and saddle are implemented); kept for the next eval GradBench adds.</remarks>
    public static readonly IReadOnlyDictionary<string, string> Modules = new Dictionary<string, string>();
}
