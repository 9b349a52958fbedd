using System.Diagnostics;
using System.Text;

namespace SourceAD.Distributed.Tests;

/// <summary>Starts the test programs, under mpirun or alone, from their own build folders.</summary>
internal static class MpiJob
{
    /// <summary>Generous: the CI machine has two cores and builds other projects at the same time.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SourceAD.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("SourceAD.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The build configuration of this test assembly (…/bin/CONFIG/net10.0/).</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string MnistLeNet => Path.Combine(Root, "samples", "MnistLeNet", "bin", Configuration, "net10.0", "MnistLeNet.dll");

    public static string Worker => Path.Combine(Root, "tests", "SourceAD.Distributed.Worker", "bin", Configuration, "net10.0", "SourceAD.Distributed.Worker.dll");

    public static string Launcher => Path.Combine(Root, "src", "SourceAD.Distributed", "buildTransitive", "sourcead-mpirun.sh");

    /// <summary>Runs <c>sourcead-mpirun.sh -np RANKS dotnet DLL ARGS</c>.</summary>
    public static Result Mpi(int ranks, string dll, params string[] args) =>
        Start("bash", [Launcher, "-np", ranks.ToString(), "dotnet", dll, .. args]);

    /// <summary>Runs <c>dotnet DLL ARGS</c>, one process, no launcher.</summary>
    public static Result Alone(string dll, params string[] args) => Start("dotnet", [dll, .. args]);

    private static Result Start(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        // The test host runs under no launcher; make sure no MPI variables leak into a "no launcher" child either.
        foreach (string v in new[] { "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK" })
        {
            info.Environment.Remove(v);
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{file} {string.Join(' ', args)}' did not end within {Timeout}; output so far:\n{output}");
        }
        process.WaitForExit(); // drains the output
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), $"{file} {string.Join(' ', args)}");
        }
    }

    public sealed record Result(int ExitCode, string Output, string Command)
    {
        public Result Succeeded()
        {
            Assert.True(ExitCode == 0, $"'{Command}' exited with {ExitCode}:\n{Output}");
            return this;
        }
    }
}

/// <summary>The MPI jobs run one at a time: two ranks already fill the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MpiJobs
{
    public const string Name = "mpi jobs";
}
