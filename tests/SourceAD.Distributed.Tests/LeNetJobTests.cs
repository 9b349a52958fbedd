using MnistLeNet.Training;

namespace SourceAD.Distributed.Tests;

/// <summary>
/// The main job under mpirun -np 2 (MnistLeNet --distributed), on 128 training images in batches of 32 (16 per rank),
/// one kernel thread per rank: bitwise equality with the one-process run of the same shards, the resume matrix, and a
/// rank that dies.
/// </summary>
[Collection(MpiJobs.Name)]
public sealed class LeNetJobTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sourcead-mpi-lenet-").FullName;

    private string Checkpoint(string run) => Path.Combine(_dir, run, "checkpoint.bin");

    private string[] Options(string run, params string[] more) =>
        ["--batch", "32", "--train-limit", "128", "--test-limit", "64", "--threads", "1", "--no-plots", "--checkpoint", Checkpoint(run), .. more];

    private (TrainingState State, byte[] Optimizer) Read(string run) => MnistLeNet.Training.Checkpoint.Read(Checkpoint(run));

    [Fact]
    public void Two_ranks_give_the_bits_of_one_process_with_two_shards()
    {
        MpiJob.Mpi(2, MpiJob.MnistLeNet, Options("mpi", "--distributed", "--max-steps", "3")).Succeeded();
        MpiJob.Alone(MpiJob.MnistLeNet, Options("one", "--shards", "2", "--max-steps", "3")).Succeeded();
        MpiJob.Alone(MpiJob.MnistLeNet, Options("plain", "--max-steps", "3")).Succeeded();

        (TrainingState mpi, byte[] mpiOptimizer) = Read("mpi");
        (TrainingState one, byte[] oneOptimizer) = Read("one");
        Assert.Equal(3, mpi.Step);
        Assert.Equal(2, mpi.Config.Shards);
        // θ, INNAprop's state slots and its step count, bit for bit; and every step's loss.
        AssertSameBits(oneOptimizer, mpiOptimizer);
        Assert.Equal(one.StepLosses, mpi.StepLosses);
        // Control: the one-pass gradient of the whole batch is summed in another order, and its bits differ; so the
        // equality above is not one that any two runs would pass.
        Assert.False(Read("plain").Optimizer.AsSpan().SequenceEqual(mpiOptimizer), "the one-shard run should round differently");
    }

    [Fact]
    public void A_run_stopped_on_two_ranks_resumes_on_two_or_one_rank_with_the_bits_of_the_uninterrupted_run()
    {
        MpiJob.Mpi(2, MpiJob.MnistLeNet, Options("whole", "--distributed", "--max-steps", "6")).Succeeded();
        MpiJob.Mpi(2, MpiJob.MnistLeNet, Options("stopped", "--distributed", "--max-steps", "3")).Succeeded();
        foreach (string run in new[] { "on2", "on1" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Checkpoint(run))!);
            File.Copy(Checkpoint("stopped"), Checkpoint(run));
        }
        // Step 6 lies past the end of epoch 1 (4 batches per epoch), so the resumed runs also cross an epoch boundary.
        MpiJob.Mpi(2, MpiJob.MnistLeNet, Options("on2", "--distributed", "--resume", "--max-steps", "6")).Succeeded();
        MpiJob.Alone(MpiJob.MnistLeNet, Options("on1", "--resume", "--max-steps", "6")).Succeeded();

        (TrainingState whole, byte[] wholeOptimizer) = Read("whole");
        Assert.Equal(6, whole.Step);
        foreach (string run in new[] { "on2", "on1" })
        {
            (TrainingState resumed, byte[] optimizer) = Read(run);
            Assert.Equal(6, resumed.Step);
            AssertSameBits(wholeOptimizer, optimizer);
            Assert.Equal(whole.StepLosses, resumed.StepLosses);
            Assert.Equal(whole.Epochs.Select(e => e.TestLoss), resumed.Epochs.Select(e => e.TestLoss));
        }
    }

    [Fact]
    public void A_rank_killed_mid_run_ends_the_job_naming_the_rank_and_leaves_the_checkpoint_intact()
    {
        // Rank 1 kills itself (SIGKILL) after step 3 while rank 0 waits for it in step 4; the last checkpoint is step 2's.
        MpiJob.Result killed = MpiJob.Mpi(2, MpiJob.Worker, ["kill", "1", "3", "--", .. Options("killed", "--checkpoint-every", "2")]);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.Contains("process rank 1", killed.Output);

        (TrainingState state, byte[] optimizer) = Read("killed");
        Assert.Equal(2, state.Step);
        MpiJob.Alone(MpiJob.MnistLeNet, Options("reference", "--shards", "2", "--max-steps", "2")).Succeeded();
        AssertSameBits(Read("reference").Optimizer, optimizer);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Checkpoint("killed"))!, "*.tmp"));
    }

    [Fact]
    public void Distributed_without_the_launcher_is_an_error_naming_mpirun()
    {
        MpiJob.Result result = MpiJob.Alone(MpiJob.MnistLeNet, Options("alone", "--distributed", "--max-steps", "1"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("mpirun", result.Output);
        Assert.Contains("sourcead-mpirun.sh", result.Output);
        Assert.False(File.Exists(Checkpoint("alone")));
    }

    private static void AssertSameBits(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"the optimizer states differ from byte {first} on");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
