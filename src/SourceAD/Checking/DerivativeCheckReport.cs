using System.Text;

namespace SourceAD.Checking;

/// <summary>Everything <see cref="DerivativeCheck"/> compared for one method at one point.</summary>
/// <param name="Method">The checked method's name.</param>
/// <param name="Precision">The floating type it computes in.</param>
/// <param name="Results">Every comparison, in the order they were made.</param>
public sealed record DerivativeCheckReport(string Method, CheckPrecision Precision, IReadOnlyList<DerivativeCheckResult> Results)
{
    /// <summary>True when every comparison passed.</summary>
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>The comparisons that failed, each naming its input and its error.</summary>
    public IReadOnlyList<DerivativeCheckResult> Failures => Results.Where(r => !r.Passed).ToList();

    /// <summary>Throws <see cref="DerivativeCheckException"/> listing the failures when any comparison failed.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new DerivativeCheckException(this);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        int failed = Failures.Count;
        text.AppendLine(failed == 0
            ? $"{Method} ({Precision.TypeName}): all {Results.Count} derivative checks passed."
            : $"{Method} ({Precision.TypeName}): {failed} of {Results.Count} derivative checks FAILED.");
        foreach (DerivativeCheckResult r in Results) text.AppendLine("  " + r);
        return text.ToString();
    }
}

/// <summary>Thrown by <see cref="DerivativeCheckReport.ThrowIfFailed"/>; its message is the whole report.</summary>
public sealed class DerivativeCheckException : Exception
{
    /// <summary>Wraps a failed report.</summary>
    public DerivativeCheckException(DerivativeCheckReport report) : base(report.ToString()) => Report = report;

    /// <summary>The failed report.</summary>
    public DerivativeCheckReport Report { get; }
}
