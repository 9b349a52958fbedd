using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Records are classes: two variables may hold one record, and a write through one shows through the other. Scalar
/// replacement makes a record a value, so such writes are refused, nested ones too. Before, <c>var g = h; g.In.X = b;</c>
/// (a struct member inside a record) was accepted and the generated value lost the write (0.7 against the method's 1.61).
/// </summary>
public class RecordAliasingTests
{
    private const string Types = """
        using System;
        using SourceAD;
        public struct Inner { public double X; }
        public struct Mover { public double X; public void Shift(double d) { X += d; } }
        public record class Holder(double A) { public Inner In; public Mover M; }
        """;

    [Theory]
    [InlineData("var h = new Holder(a); var g = h; g.In.X = b; return h.In.X * a;", "Writing a member of the record 'Holder'")]
    [InlineData("var h = new Holder(a); var g = h; g.In = new Inner { X = b }; return h.In.X * a;", "Writing a member of the record 'Holder'")]
    [InlineData("var h = new Holder(a); var g = h; g.M.Shift(b); return h.M.X * a;", "Calling the mutating method 'Shift' on a member of the record 'Holder'")]
    public void WritesThroughARecordAreRefused(string body, string construct)
    {
        string source = Types + "public static partial class F\n{\n    [Differentiable] public static double M(double a, double b)\n    {\n        " + body + "\n    }\n}\n";
        var refused = GeneratorHarness.Refusals(source);
        Assert.Contains(refused, m => m.Contains(construct) && m.Contains("with-expression"));
    }

    [Fact]
    public void ReadingARecordsMembersStillWorks()
    {
        string source = Types + "public static partial class F\n{\n    [Differentiable] public static double M(double a, double b) { var h = new Holder(a); return h.In.X * a + h.A * b + h.M.X; }\n}\n";
        Assert.DoesNotContain(GeneratorHarness.BuildDiagnostics(source), d => d.Id == "SRCAD0001");
    }
}
