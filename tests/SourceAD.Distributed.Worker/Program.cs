using System.Diagnostics;
using MnistLeNet.Training;
using SourceAD.Distributed;
using SourceAD.Distributed.Worker;
using SourceAD.Tensors;

// Usage (always under sourcead-mpirun.sh):
//   scalar OUT SHARDS STEPS [POISON_RANK]   train ScalarProgram; rank 0 writes θ's bytes to OUT
//   mismatch                                 rank 1 builds a model of another shape: every rank must stop before a step
//   kill RANK STEP -- MNISTLENET_OPTIONS     a MnistLeNet --distributed run whose rank RANK kills itself after step STEP
//   bench ITERS                              all-reduce timings (src/SourceAD.Distributed/bench/run-allreduce-bench.sh)
using MpiCommunicator comm = MpiCommunicator.Initialize();
try
{
    switch (args[0])
    {
        case "scalar":
        {
            double[] theta = ScalarProgram.Train(comm, int.Parse(args[2]), int.Parse(args[3]),
                poisonRank: args.Length > 4 ? int.Parse(args[4]) : -1, log: comm.Rank == 0 ? Console.Out : null);
            if (comm.Rank == 0)
            {
                File.WriteAllBytes(args[1], System.Runtime.InteropServices.MemoryMarshal.AsBytes(theta.AsSpan()).ToArray());
            }
            return 0;
        }
        case "mismatch":
        {
            // The same two-layer model on every rank, except that rank 1's first kernel is 3×3 instead of 5×5.
            int k = comm.Rank == 1 ? 3 : 5;
            Tensor[] parameters = [Tensor.Zeros([6, 1, k, k]), Tensor.Zeros([6])];
            ParameterBroadcast.VerifySameModel(comm, parameters, ["Conv1W", "Conv1B"]);
            Console.WriteLine("step 1 done");
            return 0;
        }
        case "kill":
        {
            int victim = int.Parse(args[1]), at = int.Parse(args[2]);
            TrainerOptions options = CommandLine.Parse(args[4..]) with { Distributed = true };
            using TrainingSession session = TrainingSession.Open(options, comm);
            session.Train(new KillAfterStep(comm.Rank == victim ? at : -1));
            return 0;
        }
        case "bench":
            AllReduceBench.Run(comm, int.Parse(args[1]));
            return 0;
        default:
            throw new ArgumentException($"unknown scenario '{args[0]}'");
    }
}
catch (CollectiveException e)
{
    // Every rank raised it together: report once, end cleanly.
    if (comm.Rank == 0)
    {
        Console.Error.WriteLine($"error: {e.Message}");
    }
    return 3;
}

/// <summary>Kills this process (SIGKILL, no cleanup) once step <c>at</c> is done: a rank that dies mid-run.</summary>
internal sealed class KillAfterStep(int at) : ITrainingObserver
{
    private long _steps;

    public void EpochStarted(int epoch, int epochs, int batches, int firstBatch)
    {
    }

    public void StepCompleted(int epoch, int batch, double loss, double epochMeanLoss, double imagesPerSecond)
    {
        if (++_steps == at)
        {
            Process.GetCurrentProcess().Kill();
        }
    }

    public void EpochCompleted(EpochRecord record)
    {
    }
}
