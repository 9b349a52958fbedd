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

    /// <summary>
    /// Each backend is its own package: the core package depends on neither ILGPU nor TorchSharp (users of the CPU backend
    /// never download libtorch), each backend package depends on the core and its engine, and the TorchSharp package
    /// carries the Debian 12 load fix as buildTransitive targets.
    /// </summary>
    [Fact]
    public void BackendsArePackagedSeparately()
    {
        string root = RepositoryRoot();
        string feed = Directory.CreateTempSubdirectory("sourcead-backends-").FullName;
        string version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        foreach (string project in new[] { "src/SourceAD/SourceAD.csproj", "src/SourceAD.Ilgpu/SourceAD.Ilgpu.csproj", "src/SourceAD.TorchSharp/SourceAD.TorchSharp.csproj" })
        {
            Run("dotnet", $"pack \"{Path.Combine(root, project)}\" -c Release -o \"{feed}\" -p:Version={version}", root);
        }

        string Nuspec(string id, out List<string> entries)
        {
            using ZipArchive zip = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            entries = zip.Entries.Select(e => e.FullName).ToList();
            using var reader = new StreamReader(zip.GetEntry($"{id}.nuspec")!.Open());
            return reader.ReadToEnd();
        }

        string core = Nuspec("SourceAD", out _);
        Assert.DoesNotContain("ILGPU", core);
        Assert.DoesNotContain("TorchSharp", core);

        string ilgpu = Nuspec("SourceAD.Ilgpu", out List<string> ilgpuEntries);
        Assert.Contains("id=\"SourceAD\"", ilgpu);
        Assert.Contains("id=\"ILGPU\"", ilgpu);
        Assert.DoesNotContain("TorchSharp", ilgpu);
        Assert.Contains("lib/net10.0/SourceAD.Ilgpu.dll", ilgpuEntries);

        string torch = Nuspec("SourceAD.TorchSharp", out List<string> torchEntries);
        Assert.Contains("id=\"SourceAD\"", torch);
        Assert.Contains("id=\"TorchSharp\"", torch);
        Assert.DoesNotContain("ILGPU", torch);
        Assert.Contains("lib/net10.0/SourceAD.TorchSharp.dll", torchEntries);
        Assert.Contains("buildTransitive/SourceAD.TorchSharp.targets", torchEntries);
        Assert.Contains("buildTransitive/fix-libtorchsharp.sh", torchEntries);
        try { Directory.Delete(feed, recursive: true); } catch (IOException) { }
    }

    private static string Run(string file, string args, string cwd)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        // Do not leak the test host's MSBuild context into the child build.
        foreach (string v in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" }) psi.Environment.Remove(v);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        // The limit only stops a hung child: a `dotnet pack` took over 5 minutes at load 18–20 on a shared 2-core machine
        // (2026-12-07, BackendsArePackagedSeparately), so it is far above any honest build time.
        bool exited = p.WaitForExit(TimeSpan.FromMinutes(20));
        if (!exited) p.Kill(entireProcessTree: true);
        Assert.True(exited, $"'{file} {args}' did not finish in 20 minutes");
        string all = stdout.Result + stderr.Result;
        Assert.True(p.ExitCode == 0, $"'{file} {args}' failed with {p.ExitCode}:\n{all}");
        return all;
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));
}
