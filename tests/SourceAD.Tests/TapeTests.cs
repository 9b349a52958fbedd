using SourceAD.Runtime;
using Xunit;

namespace SourceAD.Tests;

public class TapeTests
{
    [Fact]
    public void PopsInReverseOrderAcrossGrowth()
    {
        var tape = new Tape<double>();
        try
        {
            for (int i = 0; i < 1000; i++) tape.Push(i);
            for (int i = 999; i >= 0; i--) Assert.Equal(i, tape.Pop());
            Assert.Equal(0, tape.Count);
        }
        finally { tape.Dispose(); }
    }

    [Fact]
    public void UnderflowThrows()
    {
        var tape = new Tape<int>();
        Assert.Throws<InvalidOperationException>(() => tape.Pop());
    }

    [Fact]
    public void RangesInterleaveWithSingleValuesAndGrowPastTheDoubling()
    {
        var tape = new Tape<double>();
        try
        {
            tape.Push(-1);
            double[] block = Enumerable.Range(0, 300).Select(i => i * 0.5).ToArray();
            tape.PushRange(block); // 301 values: more than twice the initial capacity in one growth
            tape.Push(-2);
            tape.PushRange(ReadOnlySpan<double>.Empty);
            Assert.Equal(302, tape.Count);
            Assert.Equal(-2, tape.Pop());
            var back = new double[300];
            tape.PopRange(back);
            Assert.Equal(block, back);
            Assert.Equal(-1, tape.Pop());
            Assert.Equal(0, tape.Count);
        }
        finally { tape.Dispose(); }
    }

    [Fact]
    public void RangeUnderflowThrowsAndLeavesTheTape()
    {
        var tape = new Tape<int>();
        try
        {
            tape.Push(7);
            Assert.Throws<InvalidOperationException>(() => tape.PopRange(new int[2]));
            Assert.Equal(7, tape.Pop());
        }
        finally { tape.Dispose(); }
    }

    [Fact]
    public void ReserveKeepsWhatIsRecordedAndIgnoresImpossibleCounts()
    {
        var tape = new Tape<double>();
        try
        {
            tape.Push(1);
            tape.Push(2);
            tape.Reserve(10_000);
            tape.Reserve(long.MaxValue); // past the largest array: left to the pushes
            for (int i = 0; i < 10_000; i++) tape.Push(i);
            for (int i = 9_999; i >= 0; i--) Assert.Equal(i, tape.Pop());
            Assert.Equal(2, tape.Pop());
            Assert.Equal(1, tape.Pop());
        }
        finally { tape.Dispose(); }
    }
}
