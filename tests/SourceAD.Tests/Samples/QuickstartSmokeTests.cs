using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace SourceAD.Tests.Samples;

/// <summary>The Quickstart sample runs and its printed gradients agree with its own finite-difference checks.</summary>
[Collection("Console")]
public class QuickstartSmokeTests
{
    [Fact]
    public void PrintsGradientsThatMatchFiniteDifferences()
    {
        var entry = typeof(Quickstart.Functions).Assembly.EntryPoint!;
        TextWriter original = Console.Out;
        var output = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(output);
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() });
        }
        finally
        {
            Console.SetOut(original);
        }
        string text = output.ToString();
        Assert.Contains("gradient (pullback)   = (-215.600000, -88.000000)", text);
        Assert.Contains("finite differences    = (-215.600000, -88.000000)", text);
        Assert.Contains("d/dx by pushforward   = -215.600000", text);
        double maxError = double.Parse(Regex.Match(text, @"max \|FD − pullback\|   = (\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(maxError < 1e-6, $"log-sum-exp FD error {maxError}");
        Assert.Equal(3, Regex.Matches(text, @"SoftPlus'\(").Count);
    }
}

/// <summary>Tests that redirect the process-wide Console run alone.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
