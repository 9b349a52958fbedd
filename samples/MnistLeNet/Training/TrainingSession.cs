using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SourceAD.Distributed;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using SourceAD.Tensors.Data;

namespace MnistLeNet.Training;

/// <summary>How a call to <see cref="TrainingSession.Train"/> ended.</summary>
/// <param name="Completed">True when every planned epoch is done.</param>
/// <param name="StopReason">Why it stopped early (Ctrl+C, <c>--max-steps</c>), else null.</param>
/// <param name="State">The state saved in the checkpoint.</param>
public sealed record TrainingOutcome(bool Completed, string? StopReason, TrainingState State);

/// <summary>
/// A training run, opened from options: the data, the model variant, the optimizer and the position, either fresh or
/// restored from a checkpoint. <see cref="Open(TrainerOptions)"/> checks everything before anything is written.
/// </summary>
/// <remarks>
/// In a <c>--distributed</c> job every rank opens a session: rank 0 opens the run as a single process would (checks,
/// checkpoint, lock) and broadcasts its state and its optimizer state (θ included), so every rank starts from rank 0's
/// parameters; only rank 0 writes files. Each step computes this rank's shards of the batch and sums the gradients over
/// all ranks in shard order (<see cref="ShardedTraining"/>), so the run's bits depend on the shard count, not the rank count.
/// </remarks>
public sealed class TrainingSession : IDisposable
{

    private readonly ILeNet5 _model;
    private readonly IParameterOptimizer _optimizer;
    private readonly FileStream? _lock;
    private readonly Communicator _comm;
    private TrainingState _state;

    private TrainingSession(TrainerOptions options, Device device, MnistData data, ModelVariant variant, ILeNet5 model, IParameterOptimizer optimizer, TrainingState state, bool resumed, FileStream? runLock, Communicator comm)
    {
        _lock = runLock;
        _comm = comm;
        Device = device;
        Options = options;
        Data = data;
        Variant = variant;
        _model = model;
        _optimizer = optimizer;
        _state = state;
        Resumed = resumed;
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Where the model's tensors live and its ops run (<c>--backend</c>).</summary>
    public Device Device { get; }

    /// <summary>The data.</summary>
    public MnistData Data { get; }

    /// <summary>The compiled model variant in use.</summary>
    public ModelVariant Variant { get; }

    /// <summary>True when the run continues a checkpoint.</summary>
    public bool Resumed { get; }

    /// <summary>The current position and history.</summary>
    public TrainingState State => _state;

    /// <summary>The model's parameters (in declaration order).</summary>
    public IReadOnlyList<Tensor> Parameters => _model.Parameters;

    /// <summary>The job this session is a rank of (<see cref="Communicator.Single"/> unless <c>--distributed</c>).</summary>
    public Communicator Communicator => _comm;

    /// <summary>
    /// Opens a run. Throws <see cref="TrainerException"/> for an unavailable backend, an unusable data folder, a
    /// corrupt or mismatching checkpoint, or an existing checkpoint without <c>--resume</c>/<c>--overwrite</c>.
    /// </summary>
    public static TrainingSession Open(TrainerOptions options) => Open(options, Communicator.Single);

    /// <summary>
    /// Opens this rank's part of a run of the job <paramref name="comm"/> (collective). Rank 0 opens the run as
    /// <see cref="Open(TrainerOptions)"/> does and broadcasts its state; an error on any rank raises the same
    /// <see cref="CollectiveException"/> on every rank.
    /// </summary>
    public static TrainingSession Open(TrainerOptions options, Communicator comm)
    {
        if (comm.Size == 1)
        {
            return OpenRun(options, comm);
        }
        // The same collectives in the same order on every rank: rank 0 opens the run, every rank agrees on its error,
        // rank 0's state is broadcast, the other ranks check their data against it, then every rank checks its model.
        TrainingSession? session = null;
        string? error = null;
        try
        {
            session = comm.Rank == 0 ? OpenRun(options, comm) : null;
        }
        catch (TrainerException e)
        {
            error = e.Message;
        }
        try
        {
            comm.Agree(error);
            // Rank 0's run (position, settings, and the optimizer state with θ) becomes every rank's.
            byte[] state = comm.BroadcastBytes(session is null ? null : JsonSerializer.SerializeToUtf8Bytes(session.State), 0);
            byte[] optimizer = ParameterBroadcast.BroadcastState(comm, session?._optimizer.SaveState(Path.GetTempPath()));
            if (session is null)
            {
                session = OpenReplica(options, comm, JsonSerializer.Deserialize<TrainingState>(state)!, optimizer);
            }
            else
            {
                comm.Agree(null); // the replicas' data check (OpenReplica)
            }
            ParameterBroadcast.VerifySameModel(comm, session.Parameters, LeNet5Parameters.Names);
            return session;
        }
        catch
        {
            session?.Dispose();
            throw;
        }
    }

    /// <summary>A rank other than 0: rank 0's run, loaded from its broadcast state, on this rank's own copy of the data.</summary>
    private static TrainingSession OpenReplica(TrainerOptions options, Communicator comm, TrainingState state, byte[] optimizerState)
    {
        string? error = null;
        MnistData? data = null;
        try
        {
            data = MnistData.Load(options.DataDirectory, options.TrainLimit, options.TestLimit);
            if (data.Fingerprint != state.Config.DataFingerprint)
            {
                error = $"Rank {comm.Rank} has other data (fingerprint {data.Fingerprint}, {data.Directory}) than rank 0 ({state.Config.DataFingerprint}). " +
                    "Every rank must see the same --data, --train-limit and --test-limit.";
            }
        }
        catch (TrainerException e)
        {
            error = $"Rank {comm.Rank}: {e.Message}";
        }
        comm.Agree(error);
        Device device = TrainingDevices.Resolve(options.Backend);
        ModelVariant variant = ModelVariants.Find(state.Config.MaxPool, state.Config.ReluAtZero)!;
        ILeNet5 model = variant.Create(state.Config.Seed, state.Config.DType, device);
        try
        {
            IParameterOptimizer optimizer = ParameterOptimizers.Create(state.Config, model.Parameters);
            optimizer.LoadState(optimizerState, model.Parameters, Path.GetTempPath());
            return new TrainingSession(options, device, data!, variant, model, optimizer, state, options.Resume, null, comm);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static TrainingSession OpenRun(TrainerOptions options, Communicator comm)
    {
        Device device = TrainingDevices.Resolve(options.Backend);
        MnistData data = MnistData.Load(options.DataDirectory, options.TrainLimit, options.TestLimit);
        string checkpoint = Path.GetFullPath(options.CheckpointPath);

        RunConfig config;
        TrainingState state;
        byte[]? optimizerState = null;
        if (options.Resume)
        {
            (state, optimizerState) = Checkpoint.Read(checkpoint);
            config = state.Config;
            CheckResumeOptions(options, config, checkpoint);
            if (config.DataFingerprint != data.Fingerprint)
            {
                throw new TrainerException($"Checkpoint '{checkpoint}' was trained on other data (fingerprint {config.DataFingerprint}) than " +
                    $"'{data.Directory}' gives with these limits ({data.Fingerprint}, {data.Train.Count} train / {data.Test.Count} test images). " +
                    "Pass the same --data, --train-limit and --test-limit as the original run.");
            }
            state = state with { PlannedEpochs = options.Explicit.Contains("epochs") ? options.Epochs : state.PlannedEpochs };
        }
        else
        {
            // The default checkpoint belongs to the sample (re-running the README command starts a fresh run); a file the
            // user named with --checkpoint is never replaced without --overwrite.
            if (File.Exists(checkpoint) && !options.Overwrite && options.Explicit.Contains("checkpoint"))
            {
                throw new TrainerException($"'{checkpoint}' already holds a checkpoint. Pass --resume to continue it, --overwrite to start " +
                    "a new run over it, or --checkpoint to choose another file.");
            }
            config = options.Config with
            {
                DataFingerprint = data.Fingerprint,
                Shards = options.Explicit.Contains("shards") ? options.Config.Shards : comm.Size,
            };
            state = new TrainingState { Config = config, PlannedEpochs = options.Epochs };
        }

        ModelVariant variant = ModelVariants.Find(config.MaxPool, config.ReluAtZero)
            ?? throw new TrainerException($"--maxpool {config.MaxPool} with --relu0 {config.ReluAtZero} is not a valid choice ({ModelVariants.Describe()}).");
        ILeNet5 model = variant.Create(config.Seed, config.DType, device);
        try
        {
            IParameterOptimizer optimizer = ParameterOptimizers.Create(config, model.Parameters);
            if (optimizerState is not null)
            {
                try
                {
                    optimizer.LoadState(optimizerState, model.Parameters, Path.GetTempPath());
                }
                catch (InvalidDataException e)
                {
                    throw new TrainerException($"Checkpoint '{checkpoint}' is corrupt: {e.Message}", e);
                }
                if (optimizer.StepCount != state.Step)
                {
                    throw new TrainerException($"Checkpoint '{checkpoint}' is inconsistent: the optimizer took {optimizer.StepCount} steps, the run {state.Step}.");
                }
            }
            DistributedSampler.CheckWorld(config.Shards, comm.Size);
            return new TrainingSession(options, device, data, variant, model, optimizer, state, options.Resume, Lock(checkpoint), comm);
        }
        catch (ArgumentException e)
        {
            model.Dispose();
            throw new TrainerException($"Invalid optimizer settings: {e.Message}", e);
        }
        catch (DistributedException e) when (e is not CollectiveException)
        {
            model.Dispose();
            throw new TrainerException(e.Message, e);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains until the planned epochs are done, <paramref name="cancel"/> fires (Ctrl+C) or <c>--max-steps</c> is
    /// reached; saves a checkpoint at every epoch end and when it stops early, so <c>--resume</c> continues exactly.
    /// </summary>
    public TrainingOutcome Train(ITrainingObserver observer, CancellationToken cancel = default)
    {
        using IDisposable? threads = Options.Threads is int n ? CpuBackend.UseThreads(n) : null;
        RunConfig c = _state.Config;
        MnistDataset train = Data.Train;
        var batches = new MiniBatches(train.Count, c.Batch, c.Seed);
        int perEpoch = batches.BatchesPerEpoch;
        // One shard is the plain one-pass gradient, exactly as before sharding existed.
        ShardedTraining? sharded = c.Shards == 1 && _comm.Size == 1 ? null : new ShardedTraining(_comm, batches, c.Shards, _optimizer, _model.Parameters);
        int epochs = _state.PlannedEpochs;
        if (Options.MaxSteps is long already && _state.Step >= already)
        {
            return new TrainingOutcome(false, $"--max-steps {already} reached", _state);
        }

        for (int epoch = _state.Epoch; epoch < epochs; epoch++)
        {
            int[] order = batches.Order(epoch);
            observer.EpochStarted(epoch, epochs, perEpoch, _state.BatchInEpoch);
            for (int b = _state.BatchInEpoch; b < perEpoch; b++)
            {
                long start = Stopwatch.GetTimestamp();
                int first = b * c.Batch;
                int[] indices = sharded is null ? order[first..Math.Min(first + c.Batch, train.Count)] : [];
                double loss = sharded is null ? PlainStep(train, indices, c.DType) : ShardedStep(sharded, train, order, b, epoch, cancel.IsCancellationRequested);
                if (!double.IsFinite(loss))
                {
                    throw new TrainerException($"The loss became {loss} at step {_state.Step + 1} (epoch {epoch + 1}); the last checkpoint is left as it was. " +
                        "Try a smaller --lr or a higher --precision.");
                }
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                _state.StepLosses.Add(loss);
                _state = _state with
                {
                    BatchInEpoch = b + 1,
                    Step = _state.Step + 1,
                    EpochLossSum = _state.EpochLossSum + loss,
                    EpochSeconds = _state.EpochSeconds + seconds,
                    TrainingSeconds = _state.TrainingSeconds + seconds,
                };
                int imagesDone = Math.Min((b + 1) * c.Batch, train.Count);
                observer.StepCompleted(epoch, b, loss, _state.EpochLossSum / (b + 1), imagesDone / Math.Max(_state.EpochSeconds, 1e-9));

                // Every rank must stop at the same step: Ctrl+C may reach only some of them, so the request travels with the step.
                bool interrupted = sharded is null ? cancel.IsCancellationRequested : sharded.Gradient.StopRequested;
                string? stop = interrupted ? "interrupted"
                    : Options.MaxSteps is long max && _state.Step >= max ? $"--max-steps {max} reached"
                    : null;
                if (stop is not null)
                {
                    Save();
                    return new TrainingOutcome(false, stop, _state);
                }
                if (Options.CheckpointEvery > 0 && _state.Step % Options.CheckpointEvery == 0)
                {
                    Save();
                }
            }

            // Only rank 0 keeps the history it writes; the other ranks skip the evaluation.
            (double testLoss, double accuracy) = _comm.Rank == 0 ? Evaluate(Data.Test) : (double.NaN, double.NaN);
            var record = new EpochRecord(epoch + 1, _state.EpochLossSum / Math.Max(_state.BatchInEpoch, 1), testLoss, accuracy,
                _state.EpochSeconds, train.Count / Math.Max(_state.EpochSeconds, 1e-9));
            _state.Epochs.Add(record);
            _state = _state with { Epoch = epoch + 1, BatchInEpoch = 0, EpochLossSum = 0, EpochSeconds = 0 };
            Save();
            observer.EpochCompleted(record);
        }
        return new TrainingOutcome(true, null, _state);
    }

    /// <summary>Mean cross-entropy and accuracy of the current parameters on <paramref name="set"/>.</summary>
    public (double Loss, double Accuracy) Evaluate(MnistDataset set)
    {
        using IDisposable? threads = Options.Threads is int n ? CpuBackend.UseThreads(n) : null;
        // Evaluation disposes the host batch; a device copy is this lambda's to dispose.
        return Evaluation.Evaluate(set, _state.Config.DType, host =>
        {
            if (Device.Kind == DeviceKind.Cpu)
            {
                return LeNet5Parameters.Logits(_model.Parameters, host);
            }
            using Tensor x = host.To(Device);
            return LeNet5Parameters.Logits(_model.Parameters, x);
        });
    }

    /// <summary>
    /// The batch on the run's device: the same tensor on the CPU, otherwise a copy there (the host batch is then
    /// disposed, so the caller disposes exactly the returned tensor).
    /// </summary>
    private Tensor OnDevice(Tensor host)
    {
        if (Device.Kind == DeviceKind.Cpu)
        {
            return host;
        }
        using (host)
        {
            return host.To(Device);
        }
    }

    /// <summary>One pass over the whole batch (one shard on one rank): the gradient the trainer has always used.</summary>
    private double PlainStep(MnistDataset train, int[] indices, DType dtype)
    {
        double loss;
        (Tensor host, int[] labels) = train.Batch(indices, dtype);
        using (Tensor x = OnDevice(host))
        {
            Tensor[] gradients = _model.LossAndGradients(x, labels, out loss);
            try
            {
                _optimizer.Step(_model.Parameters, gradients);
            }
            finally
            {
                foreach (Tensor g in gradients)
                {
                    g.Dispose();
                }
            }
        }
        return loss;
    }

    /// <summary>
    /// This rank's shards of batch <paramref name="batch"/>, then the gradient summed over every rank in shard order, a
    /// collective check that it is finite on every rank, and the same optimizer step on every rank.
    /// </summary>
    private double ShardedStep(ShardedTraining sharded, MnistDataset train, int[] order, int batch, int epoch, bool stop)
    {
        int first = sharded.Local.Start.Value;
        for (int s = first; s < sharded.Local.End.Value; s++)
        {
            int[] indices = sharded.Sampler.Shard(order, batch, s);
            if (indices.Length == 0)
            {
                sharded.Gradient.SkipShard(s - first);
                continue;
            }
            (Tensor host, int[] labels) = train.Batch(indices, _state.Config.DType);
            using Tensor x = OnDevice(host);
            Tensor[] gradients = _model.LossAndGradients(x, labels, out double loss);
            try
            {
                sharded.Gradient.SetShard(s - first, gradients, sharded.Sampler.Weight(batch, s), loss);
            }
            finally
            {
                foreach (Tensor g in gradients)
                {
                    g.Dispose();
                }
            }
        }
        _optimizer.StepSharded(_model.Parameters, sharded.Gradient, $"step {_state.Step + 1} (epoch {epoch + 1}, batch {batch + 1})", stop);
        return sharded.Gradient.Loss;
    }

    /// <summary>Writes the checkpoint, then the plots and metrics beside it (rank 0 only: the other ranks hold the same run).</summary>
    private void Save()
    {
        if (_comm.Rank != 0)
        {
            return;
        }
        Directory.CreateDirectory(Options.OutputDirectory);
        Checkpoint.Write(Options.CheckpointPath, _state, _optimizer.SaveState(Options.OutputDirectory));
        TrainingReport.WriteMetrics(Options.OutputDirectory, _state);
        if (Options.Plots)
        {
            TrainingReport.WritePlots(Options.OutputDirectory, _state);
        }
    }

    /// <summary>Options given with <c>--resume</c> must agree with the checkpoint's run, or the result would not be that run.</summary>
    private static void CheckResumeOptions(TrainerOptions options, RunConfig saved, string checkpoint)
    {
        RunConfig given = options.Config;
        var fields = new (string Option, Func<RunConfig, object> Get)[]
        {
            ("optimizer", r => r.Optimizer), ("alpha", r => r.Alpha), ("beta", r => r.Beta), ("lr", r => r.LearningRate),
            ("momentum", r => r.Momentum), ("batch", r => r.Batch), ("precision", r => r.Precision),
            ("maxpool", r => r.MaxPool), ("relu0", r => r.ReluAtZero), ("seed", r => r.Seed), ("shards", r => r.Shards),
        };
        foreach ((string option, Func<RunConfig, object> get) in fields)
        {
            if (options.Explicit.Contains(option) && !Equals(get(given), get(saved)))
            {
                throw new TrainerException($"--{option} {Format(get(given))} contradicts checkpoint '{checkpoint}', which was trained with " +
                    $"--{option} {Format(get(saved))}. Drop the option to continue that run, or start a new one with --overwrite.");
            }
        }

        static string Format(object v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : v.ToString()!;
    }

    /// <summary>
    /// Holds <c>FILE.lock</c> exclusively for the session, so a second run cannot interleave its checkpoints with this
    /// one's (.NET maps FileShare.None to an exclusive flock on Unix; the lock dies with the process).
    /// </summary>
    private static FileStream Lock(string checkpoint)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        try
        {
            return new FileStream(checkpoint + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new TrainerException($"Another run is using checkpoint '{checkpoint}' (it holds '{checkpoint}.lock'). Wait for it, or choose another --checkpoint.", e);
        }
    }

    /// <summary>Returns the model's memory to the pool and releases the checkpoint's lock.</summary>
    public void Dispose()
    {
        _model.Dispose();
        _lock?.Dispose();
    }
}
