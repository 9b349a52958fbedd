using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SourceAD.Benchmarks.Optimizers;

/// <summary>How many bytes of memory traffic one element of a benchmark costs (reads plus writes).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerElementAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}

/// <summary>Achieved bandwidth, GB/s (10⁹ bytes per second), from the median time and the bytes moved.</summary>
public sealed class BandwidthColumn(long elements) : IColumn
{
    public string Id => nameof(BandwidthColumn);
    public string ColumnName => "GB/s (median)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Bytes moved per call (BytesPerElement × elements) divided by the median time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerElementAttribute>()?.Bytes;
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        return bytes is null || median is null or 0 ? "-" : (bytes.Value * (double)elements / median.Value).ToString("F1");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
