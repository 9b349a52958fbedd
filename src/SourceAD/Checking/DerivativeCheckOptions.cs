namespace SourceAD.Checking;

/// <summary>How thoroughly <see cref="DerivativeCheck"/> checks.</summary>
/// <param name="Tolerance">The bound on the finite-difference errors; null takes <see cref="CheckPrecision.DefaultTolerance"/>.</param>
/// <param name="Directions">How many random directions the pushforward and the dot-product test are checked along.</param>
/// <param name="Seed">Seeds the random directions and the sampled entries, so a failing check repeats exactly.</param>
/// <param name="MaxEntries">Gradient entries checked one by one against finite differences; beyond this many inputs a
/// seeded sample is checked (each costs two evaluations of the user's method).</param>
public sealed record DerivativeCheckOptions(double? Tolerance = null, int Directions = 3, int Seed = 0, int MaxEntries = 64);
