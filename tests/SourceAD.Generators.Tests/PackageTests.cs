using System.Diagnostics;
using System.IO.Compression;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The one package users reference carries the generator, analyzers and code fixes under analyzers/dotnet/cs:
/// pack it into a local folder, then build and run a fresh project that references only that package.
/// </summary>
public class PackageTests
{
    [Fact]
    public void PackedNupkgBringsTheGeneratorToAConsumer()
    {
        string root = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("sourcead-pack-").FullName;
        // A unique version, so the NuGet cache never serves an older build of this package.
        string version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        string feed = Path.Combine(work, "feed");
        Run("dotnet", $"pack \"{Path.Combine(root, "src/SourceAD/SourceAD.csproj")}\" -c Release -o \"{feed}\" -p:Version={version}", root);

        string nupkg = Directory.GetFiles(feed, "SourceAD.*.nupkg").Single();
        using (ZipArchive zip = ZipFile.OpenRead(nupkg))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/SourceAD.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/SourceAD.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/SourceAD.CodeFixes.dll", entries);
            Assert.Contains("lib/net10.0/SourceAD.dll", entries);
            Assert.Contains("buildTransitive/SourceAD.targets", entries);
            Assert.Contains("buildTransitive/SourceAD.CostReport.targets", entries);
        }

        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SourceAD" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using SourceAD;
            var (value, dx) = F.SquareGradient(3.0);
            Console.WriteLine($"value={value} dx={dx}");
            static partial class F
            {
                [Differentiable] public static double Square(double x) => x * x;
            }
            """);
        // The machine's global NuGet sources stay available for the package's own dependencies.
        string output = Run("dotnet", "run -c Release", app);
        Assert.Contains("value=9 dx=6", output);
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private static string Run(string file, string args, string cwd)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        // Do not leak the test host's MSBuild context into the child build.
        foreach (string v in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" }) psi.Environment.Remove(v);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), $"'{file} {args}' timed out");
        string all = stdout.Result + stderr.Result;
        Assert.True(p.ExitCode == 0, $"'{file} {args}' failed with {p.ExitCode}:\n{all}");
        return all;
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
