using Xunit;
using NonsmoothReliability;

namespace SourceAD.Tests.Samples;

/// <summary>Runs every NonsmoothReliability experiment in process at a tiny size and checks what it reports.</summary>
public sealed class NonsmoothReliabilityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nonsmooth-reliability-tests-" + Guid.NewGuid().ToString("N"));

    private Options Tiny => new()
    {
        Draws = 2,
        Batches = 2,
        BatchSize = 16,
        Steps = 4,
        TrainBatch = 16,
        TestImages = 100,
        TrainImages = 500,
        OutputDirectory = _folder,
    };

    [Fact]
    public void ZeroTablesMatchTheThesisBifurcation()
    {
        List<ZeroRow> rows = Experiments.ZeroTables();
        Assert.Equal(12, rows.Count);
        foreach (ZeroRow row in rows.Where(r => r.X == "(1, 2, 3, 4)"))
        {
            // Table 3.1: native − minimal = 1 − 2.5 at the tie t = 0; Table 3.3: relu'(0) = 0 − relu'(0) = 1 gives +1.5.
            double atZero = row.Program.StartsWith("zero₂", StringComparison.Ordinal) ? 1.5 : -1.5;
            for (int i = 0; i < Experiments.Ts.Length; i++)
            {
                Assert.Equal(Experiments.Ts[i] == 0 ? atZero : 0.0, row.Derivatives[i]);
            }
        }
        foreach (ZeroRow row in rows.Where(r => r.X != "(1, 2, 3, 4)"))
        {
            // Equal entries: every t is a tie; what survives is rounding, at most a few ulps of 1.4 in that precision.
            double ulp = row.Bits switch { 16 => 1.0 / 1024, 32 => 1.0 / (1 << 23), _ => Math.Pow(2, -52) };
            Assert.All(row.Derivatives, d => Assert.True(Math.Abs(d) <= 4 * ulp, $"{row.Program} {row.Bits} bits: {d:R}"));
        }
    }

    [Fact]
    public void AllExperimentsRunAtTinySizeAndWriteTheirPlots()
    {
        Results r = Experiments.RunAll(Tiny);

        // Definition 11 on a deterministic backend: the same program twice never varies, so τ¹ = 0 at every precision.
        Assert.All(r.NativeVsNative.Values, d => Assert.Equal(0.0, d));
        Assert.All(r.NativeVsMinimal.Values, d => Assert.True(double.IsFinite(d) && d >= 0));
        Assert.Equal([16, 32, 64], r.Zones.Select(z => z.Bits));
        Assert.All(r.Zones, z =>
        {
            Assert.Equal(0.0, z.Tau1);
            Assert.All(z.Same.Values, d => Assert.Equal(0.0, d));
            Assert.True(z.Tau2 > 0);
            Assert.Equal(2, z.Zone.ParameterDraws);
            Assert.InRange(z.Zone.ParameterShare, 0, 1);
        });

        Assert.Equal([0.0, 1, 10, 100, 1000, 10000, 0, 1, 10, 100, 1000, 10000], r.Training.Select(t => t.Beta));
        Assert.Equal([32, 32, 32, 32, 32, 32, 16, 16, 16, 16, 16, 16], r.Training.Select(t => t.Bits));
        Assert.All(r.Training, t => Assert.True(t.Losses.Length is > 0 and <= 4));

        Assert.Equal(4, r.Files.Count);
        foreach (string f in r.Files)
        {
            byte[] bytes = File.ReadAllBytes(f);
            Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', f);
        }
        Assert.True(File.Exists(Path.Combine(_folder, Experiments.HistogramPng)));
        Assert.True(File.Exists(Path.Combine(_folder, Experiments.TrainingPng(32))));
        Assert.True(File.Exists(Path.Combine(_folder, Experiments.TrainingPng(16))));
        Assert.True(File.Exists(Path.Combine(_folder, Experiments.ReluHistogramPng)));
        Assert.All(r.Zones, z => Assert.All(z.Pool.Values, d => Assert.True(double.IsFinite(d) && d >= 0)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
