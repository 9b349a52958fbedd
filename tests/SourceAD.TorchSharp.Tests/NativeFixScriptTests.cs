using System.Diagnostics;
using System.Security.Cryptography;

namespace SourceAD.TorchSharp.Tests;

/// <summary>src/SourceAD.TorchSharp/buildTransitive/fix-libtorchsharp.sh (the fix the package carries): a no-op where libstdc++ is new enough, idempotent otherwise.</summary>
public class NativeFixScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sourcead-fix-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepoRoot => SourceAD.Tests.Tensors.RepoPaths.Root;

    private static string FixFolder => Path.Combine(RepoRoot, "src", "SourceAD.TorchSharp", "buildTransitive");

    private static string Script => Path.Combine(FixFolder, "fix-libtorchsharp.sh");

    /// <summary>A copy of the glue library as shipped (from the NuGet cache).</summary>
    private string CopyOriginalGlue()
    {
        string nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string original = Path.Combine(nuget, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        // A test that cannot find its subject must not pass silently.
        Assert.True(File.Exists(original), $"The shipped glue library was not found at {original}; set NUGET_PACKAGES to the folder the restore used.");
        string copy = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(original, copy);
        return copy;
    }

    private static (int ExitCode, string Output) Run(string outputDir, string? libstdcxx = null)
    {
        var start = new ProcessStartInfo("bash", [Script, outputDir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (libstdcxx is not null)
        {
            start.Environment["SOURCEAD_LIBSTDCXX"] = libstdcxx;
        }
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void DoesNothingWhereLibstdcxxHasTheVersion()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The fix and its script exist only for Linux; elsewhere there is nothing to check.
        }
        string glue = CopyOriginalGlue();
        string before = Hash(glue);
        string fake = Path.Combine(_dir, "libstdc++.so.6");
        File.WriteAllText(fake, "GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0");
        (int code, string output) = Run(_dir, fake);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal(before, Hash(glue));
        Assert.Single(Directory.GetFiles(_dir, "*.so"));
    }

    [Fact]
    public void PatchesOnceAndThenLeavesTheFileAlone()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // The fix and its script exist only for Linux; elsewhere there is nothing to check.
        }
        string glue = CopyOriginalGlue();
        string fake = Path.Combine(_dir, "old-libstdc++.so.6");
        File.WriteAllText(fake, "GLIBCXX_3.4.30\0");
        (int code, string output) = Run(_dir, fake);
        Assert.True(code == 0, output);
        Assert.Contains("patched", output);
        string patched = Hash(glue);
        Assert.True(File.Exists(Path.Combine(_dir, "libsourcead_ios_base_library_init.so")));
        (code, output) = Run(_dir, fake);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal(patched, Hash(glue));
        var check = new ProcessStartInfo("python3", [Path.Combine(FixFolder, "elf_weaken_version.py"), glue, "GLIBCXX_3.4.32", "--check"]);
        using Process p = Process.Start(check)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }
}
