using System.Globalization;

namespace SourceAD.Optimizers;

/// <summary>
/// A learning-rate schedule γ: the rate for each schedule position (thesis Algorithm 3's SetLrSchedule,
/// appendix 4.7). Position 0 is the first optimizer step, so every schedule starts at its initial rate γ₀.
/// A plain number converts implicitly to a <see cref="ConstantSchedule"/>.
/// </summary>
/// <remarks>Schedules are pure functions of the position, so a saved position resumes them exactly.</remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate γ at a schedule position (0 for the first step).</summary>
    /// <param name="position">The number of optimizer steps already taken.</param>
    public abstract double At(long position);

    /// <summary>
    /// A description that identifies the schedule and all its parameters exactly (round-trip formatting).
    /// Saved optimizer state records it, and loading checks it.
    /// </summary>
    public abstract override string ToString();

    /// <summary>A constant learning rate.</summary>
    /// <param name="learningRate">The rate used at every step.</param>
    public static implicit operator LearningRateSchedule(double learningRate) => new ConstantSchedule(learningRate);

    /// <summary>Formats a number so that parsing it gives back the same double.</summary>
    private protected static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Rejects negative, infinite or NaN rates when a schedule is built.</summary>
    private protected static void RequireRate(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "A learning rate must be finite and non-negative.");
        }
    }

    /// <summary>Rejects non-positive step counts when a schedule is built.</summary>
    private protected static void RequirePositive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "A step count must be positive.");
        }
    }
}
