namespace SourceAD.Checking;

/// <summary>
/// The derivative self-check (SourceAD's <c>gradcheck</c>): compares a method's generated Gradient and Pushforward with
/// the user's own method at one point. Generated code calls it from <c>{Method}CheckDerivatives(args…)</c>; the checks are
/// the project's own oracles: the value oracle (bit for bit), central finite differences per gradient entry and along
/// random directions, and the dot-product test between forward and reverse mode.
/// </summary>
/// <remarks>
/// Inputs are flattened into one point of doubles (scalars, then array entries, in parameter order). A method in
/// <c>float</c> is evaluated at float-representable points only: each perturbed point is rounded with
/// <see cref="CheckPrecision.Round"/>, and the differences divide by the step actually taken, so the check measures the
/// derivative and not the rounding of the step. Near a kink (ReLU at 0, a tie in max) a finite difference straddles two
/// pieces and disagrees with any one-sided choice; such a failure names the input, and moving the point resolves it.
/// </remarks>
public static class DerivativeCheck
{
    /// <summary>Runs every check and returns the report; never throws for a failed check (see <see cref="DerivativeCheckReport.ThrowIfFailed"/>).</summary>
    /// <param name="method">The method's name, for the report.</param>
    /// <param name="inputs">The differentiable inputs, in the order their entries sit in <paramref name="point"/>.</param>
    /// <param name="point">The flat point to check at.</param>
    /// <param name="value">The user's method at a flat point.</param>
    /// <param name="gradient">The generated Gradient at a flat point: its value and the flat gradient.</param>
    /// <param name="pushforward">The generated Pushforward at a flat point along a flat tangent.</param>
    /// <param name="precision">The floating type the method computes in.</param>
    /// <param name="options">Tolerance, number of directions, seed; null for the defaults.</param>
    /// <exception cref="ArgumentException">The point's length is not the inputs' total length.</exception>
    /// <exception cref="InvalidOperationException">The gradient has the wrong length.</exception>
    public static DerivativeCheckReport Run(
        string method,
        IReadOnlyList<CheckedInput> inputs,
        double[] point,
        Func<double[], double> value,
        Func<double[], (double Value, double[] Gradient)> gradient,
        Func<double[], double[], (double Value, double Tangent)> pushforward,
        CheckPrecision precision,
        DerivativeCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(point);
        options ??= new DerivativeCheckOptions();
        int n = inputs.Sum(i => i.Length);
        if (point.Length != n)
        {
            throw new ArgumentException(
                $"The point has {point.Length} entries but the inputs ({string.Join(", ", inputs.Select(i => $"{i.Name}: {i.Length}"))}) take {n}.",
                nameof(point));
        }
        if (options.Directions < 0 || options.MaxEntries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "Directions and MaxEntries must be non-negative.");
        }

        double tolerance = options.Tolerance ?? precision.DefaultTolerance;
        var results = new List<DerivativeCheckResult>();
        var names = EntryNames(inputs);

        // The value oracle: the generated code computes the primal the user wrote, so the bits must agree.
        double primal = value(point);
        (double gradientValue, double[] g) = gradient(point);
        if (g.Length != n)
        {
            throw new InvalidOperationException($"The gradient of {method} has {g.Length} entries; its inputs take {n}.");
        }
        results.Add(Oracle("Gradient.Value", primal, gradientValue));
        var zero = new double[n];
        results.Add(Oracle("Pushforward.Value", primal, pushforward(point, zero).Value));

        // Each gradient entry against a central difference along that entry (a seeded sample when there are many).
        var random = new Random(options.Seed);
        foreach (int i in Entries(n, options.MaxEntries, random))
        {
            double step = Step(precision, Math.Abs(point[i]));
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[i] = precision.Round(point[i] + step);
            minus[i] = precision.Round(point[i] - step);
            double taken = plus[i] - minus[i];
            double difference = (value(plus) - value(minus)) / taken;
            results.Add(Compare(DerivativeCheckKind.GradientEntry, names[i], difference, g[i], tolerance));
        }

        // Forward mode along random directions, and the dot-product test of forward against reverse mode.
        for (int k = 0; k < options.Directions; k++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 2 * random.NextDouble() - 1;
            double scale = point.Length == 0 ? 0 : point.Max(Math.Abs);
            double step = Step(precision, scale);
            double[] plus = new double[n], minus = new double[n], direction = new double[n];
            for (int i = 0; i < n; i++)
            {
                plus[i] = precision.Round(point[i] + step * v[i]);
                minus[i] = precision.Round(point[i] - step * v[i]);
                // The direction actually taken once the points are rounded to the method's type.
                direction[i] = (plus[i] - minus[i]) / (2 * step);
            }
            double tangent = pushforward(point, direction).Tangent;
            double difference = (value(plus) - value(minus)) / (2 * step);
            string label = $"direction {k + 1}";
            results.Add(Compare(DerivativeCheckKind.Direction, label, difference, tangent, tolerance));

            double dot = 0, magnitude = 0;
            for (int i = 0; i < n; i++)
            {
                dot += g[i] * direction[i];
                magnitude += Math.Abs(g[i] * direction[i]);
            }
            double error = Math.Abs(dot - tangent) / Math.Max(magnitude, double.Epsilon);
            if (magnitude == 0) error = Math.Abs(dot - tangent);
            results.Add(new DerivativeCheckResult(DerivativeCheckKind.DotProduct, label, dot, tangent, error, precision.DotProductTolerance));
        }
        return new DerivativeCheckReport(method, precision, results);
    }

    /// <summary>The central-difference step: ε^(1/3) balances truncation (h²) against rounding (ε/h), scaled to the point.</summary>
    private static double Step(CheckPrecision precision, double scale) => Math.Cbrt(precision.Epsilon) * Math.Max(1, scale);

    private static DerivativeCheckResult Oracle(string what, double expected, double actual)
    {
        bool same = BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual)
                    || (double.IsNaN(expected) && double.IsNaN(actual));
        return new DerivativeCheckResult(DerivativeCheckKind.Value, what, expected, actual, same ? 0 : double.PositiveInfinity, 0);
    }

    private static DerivativeCheckResult Compare(DerivativeCheckKind kind, string input, double expected, double actual, double tolerance) =>
        new(kind, input, expected, actual, Math.Abs(expected - actual) / Math.Max(1, Math.Abs(expected) + Math.Abs(actual)), tolerance);

    private static string[] EntryNames(IReadOnlyList<CheckedInput> inputs) =>
        inputs.SelectMany(input => Enumerable.Range(0, input.Length).Select(input.EntryName)).ToArray();

    private static IEnumerable<int> Entries(int n, int max, Random random)
    {
        if (n <= max) return Enumerable.Range(0, n);
        // A seeded partial Fisher–Yates shuffle: max distinct entries, in increasing order for a readable report.
        int[] all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < max; i++)
        {
            int j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all.Take(max).OrderBy(i => i);
    }
}
