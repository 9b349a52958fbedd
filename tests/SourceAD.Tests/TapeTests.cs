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
}
