namespace SourceAD.GradBench.Protocol;

/// <summary>
/// Evals the tool knows but does not implement. The protocol's way to decline is a <c>define</c> response with
/// <c>"success": false</c> (and an optional error); the eval then stops sending messages.
/// </summary>
public static class Declined
{
    /// <summary>Module name → why it is declined.</summary>
    public static readonly IReadOnlyDictionary<string, string> Modules = new Dictionary<string, string>
    {
        ["kmeans"] = "kmeans needs a Hessian diagonal (second derivatives); SourceAD does not generate higher-order derivatives yet (issue 14).",
        ["particle"] = "particle differentiates through an inner gradient (nested AD); SourceAD does not generate nested derivatives yet (issue 14).",
        ["saddle"] = "saddle differentiates through an inner gradient (nested AD); SourceAD does not generate nested derivatives yet (issue 14).",
    };
}
