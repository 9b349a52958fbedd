using SourceAD.Checking;
using Xunit;

namespace SourceAD.Tests.Checking;

/// <summary>
/// The generated <c>{M}CheckDerivatives</c> self-check and the <see cref="DerivativeCheck"/> API under it: it passes on
/// correct derivatives of every parameter shape, and fails, naming the input, when a derivative is wrong.
/// </summary>
public sealed class DerivativeCheckTests
{
    [Fact]
    public void PassesOnAnArrayMethod()
    {
        DerivativeCheckReport report = CheckedPrograms.RosenbrockCheckDerivatives(new[] { 0.3, -1.2, 0.8, 1.1 });
        Assert.True(report.Passed, report.ToString());
        // Value oracle twice, every entry, and two comparisons per direction.
        Assert.Equal(2 + 4 + 2 * 3, report.Results.Count);
        Assert.Contains(report.Results, r => r.Kind == DerivativeCheckKind.GradientEntry && r.Input == "x[3]");
    }

    [Fact]
    public void PassesOnAFloatMethodAtItsOwnPrecision()
    {
        DerivativeCheckReport report = CheckedPrograms.SoftSignCheckDerivatives(0.7f, -1.3f);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal("Single", report.Precision.TypeName);
    }

    [Fact]
    public void PassesOnAGenericMethodWithASpanInput()
    {
        DerivativeCheckReport report = CheckedPrograms.LogSumExpCheckDerivatives<double>(new[] { 0.5, 2.0, -1.0 }, 0.8);
        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Results, r => r.Input == "temperature");
    }

    [Fact]
    public void PassesOnAnInstanceMethodWithPassiveParameters()
    {
        var model = new CheckedModel(new[] { 0.5, -1.5, 2.0 });
        DerivativeCheckReport report = model.LossCheckDerivatives(new[] { 1.1, 0.4, -0.7 }, 3, 0.25, new DerivativeCheckOptions(Directions: 5, Seed: 7));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(5, report.Results.Count(r => r.Kind == DerivativeCheckKind.DotProduct));
    }

    [Fact]
    public void PassesOnRectangularAndJaggedArrays()
    {
        // Non-square, so a transposed or mis-ordered flattening of a or b would put entries in the wrong places.
        var a = new double[,] { { 1.0, 2.0, -0.5 }, { 3.0, 0.25, 4.0 } };
        var b = new double[,] { { 0.5, -1.0 }, { 2.0, 1.0 }, { 1.5, -0.75 } };
        DerivativeCheckReport matrices = CheckedPrograms.TraceProductCheckDerivatives(a, b);
        Assert.True(matrices.Passed, matrices.ToString());
        Assert.Equal(12, matrices.Results.Count(r => r.Kind == DerivativeCheckKind.GradientEntry));

        // Rows of different lengths: the point holds 3 + 2 entries of w, then bias and x.
        var w = new[] { new[] { 0.1, -0.2, 0.3 }, new[] { 0.4, 0.5 } };
        DerivativeCheckReport layer = CheckedPrograms.SoftplusLayerCheckDerivatives(w, new[] { 0.05, -0.1 }, new[] { 1.0, 2.0, -1.0 });
        Assert.True(layer.Passed, layer.ToString());
        Assert.Equal(5 + 2 + 3, layer.Results.Count(r => r.Kind == DerivativeCheckKind.GradientEntry));
    }

    [Fact]
    public void FailsOnAJaggedArrayWhoseDerivativeIsWrong()
    {
        var w = new[] { new[] { 0.3, -0.2 }, new[] { 0.7 } };
        DerivativeCheckReport report = CheckedPrograms.WrongLayerCheckDerivatives(w, 1.3);
        Assert.False(report.Passed);
        Assert.Contains(report.Failures, f => f.Kind == DerivativeCheckKind.GradientEntry && f.Input == "w[2]"); // the second row's entry
        Assert.Contains(report.Failures, f => f.Kind == DerivativeCheckKind.GradientEntry && f.Input == "x");
        Assert.DoesNotContain(report.Failures, f => f.Kind == DerivativeCheckKind.Value);
    }

    [Fact]
    public void FailsOnAWrongHandWrittenDerivativeAndNamesTheInput()
    {
        DerivativeCheckReport report = CheckedPrograms.UsesWrongDerivativeCheckDerivatives(0.4, 1.5);
        Assert.False(report.Passed);
        Assert.Contains(report.Failures, f => f.Kind == DerivativeCheckKind.GradientEntry && f.Input == "a");
        Assert.Contains(report.Failures, f => f.Kind == DerivativeCheckKind.GradientEntry && f.Input == "b");
        // The value is the user's: the oracle holds even though the derivative is wrong.
        Assert.DoesNotContain(report.Failures, f => f.Kind == DerivativeCheckKind.Value);
        var thrown = Assert.Throws<DerivativeCheckException>(report.ThrowIfFailed);
        Assert.Contains("FAILED", thrown.Message);
    }

    [Fact]
    public void TheRuntimeCheckCatchesEachKindOfDefect()
    {
        var inputs = new[] { new CheckedInput("x", 1, false), new CheckedInput("b", 2, true) };
        double[] point = { 0.5, 1.0, -2.0 };
        static double F(double[] p) => p[0] * p[1] + Math.Sin(p[2]);
        (double, double[]) Right(double[] p) => (F(p), new[] { p[1], p[0], Math.Cos(p[2]) });
        (double, double) Forward(double[] p, double[] t) => (F(p), p[1] * t[0] + p[0] * t[1] + Math.Cos(p[2]) * t[2]);
        CheckPrecision precision = CheckPrecision.For<double>();

        Assert.True(DerivativeCheck.Run("F", inputs, point, F, Right, Forward, precision).Passed);

        // A wrong gradient entry: the entry check and the dot-product test fail, the forward check does not.
        (double, double[]) WrongEntry(double[] p) => (F(p), new[] { p[1], p[0], -Math.Cos(p[2]) });
        DerivativeCheckReport wrong = DerivativeCheck.Run("F", inputs, point, F, WrongEntry, Forward, precision);
        Assert.Equal(new[] { "b[1]" }, wrong.Failures.Where(f => f.Kind == DerivativeCheckKind.GradientEntry).Select(f => f.Input));
        Assert.Contains(wrong.Failures, f => f.Kind == DerivativeCheckKind.DotProduct);
        Assert.DoesNotContain(wrong.Failures, f => f.Kind == DerivativeCheckKind.Direction);

        // A value one ulp off fails the value oracle and nothing else.
        (double, double[]) OffByAnUlp(double[] p) => (Math.BitIncrement(F(p)), Right(p).Item2);
        DerivativeCheckReport ulp = DerivativeCheck.Run("F", inputs, point, F, OffByAnUlp, Forward, precision);
        Assert.Equal("Gradient.Value", Assert.Single(ulp.Failures).Input);

        // A wrong forward mode fails the direction and dot-product checks.
        (double, double) WrongForward(double[] p, double[] t) => (F(p), p[1] * t[0] + p[0] * t[1]);
        DerivativeCheckReport forward = DerivativeCheck.Run("F", inputs, point, F, Right, WrongForward, precision);
        Assert.Contains(forward.Failures, f => f.Kind == DerivativeCheckKind.Direction);
        Assert.Contains(forward.Failures, f => f.Kind == DerivativeCheckKind.DotProduct);
    }

    [Fact]
    public void MisuseNamesTheLengths()
    {
        var inputs = new[] { new CheckedInput("x", 1, false), new CheckedInput("b", 2, true) };
        var error = Assert.Throws<ArgumentException>(() => DerivativeCheck.Run("F", inputs, new double[2],
            p => 0, p => (0, new double[3]), (p, t) => (0, 0), CheckPrecision.For<double>()));
        Assert.Contains("2 entries", error.Message);
        Assert.Contains("x: 1, b: 2", error.Message);
    }

    [Fact]
    public void LargeInputsAreSampledReproducibly()
    {
        double[] x = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
        var options = new DerivativeCheckOptions(MaxEntries: 10, Seed: 3);
        DerivativeCheckReport first = CheckedPrograms.RosenbrockCheckDerivatives(x, options);
        DerivativeCheckReport second = CheckedPrograms.RosenbrockCheckDerivatives(x, options);
        Assert.True(first.Passed, first.ToString());
        Assert.Equal(10, first.Results.Count(r => r.Kind == DerivativeCheckKind.GradientEntry));
        Assert.Equal(first.Results.Select(r => r.Input), second.Results.Select(r => r.Input));
    }
}
