using System.Diagnostics;
using SourceAD.Ilgpu;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;

namespace TinyGpt.Training;

/// <summary>What the console shows while training.</summary>
public interface ITrainingObserver
{
    /// <summary>A step finished: its loss and the throughput since the last evaluation.</summary>
    void StepCompleted(long step, int steps, double loss, double charactersPerSecond);

    /// <summary>A validation finished.</summary>
    void Evaluated(EvalRecord record);
}

/// <summary>How a call to <see cref="TrainingSession.Train"/> ended.</summary>
/// <param name="Completed">True when every planned step is done.</param>
/// <param name="StopReason">Why it stopped early (Ctrl+C, <c>--max-steps</c>), else null.</param>
public sealed record TrainingOutcome(bool Completed, string? StopReason);

/// <summary>
/// A training run opened from options: the data, the model, the optimizer and the position, fresh or restored from a
/// checkpoint. <see cref="Open"/> checks everything (data, checkpoint, options, backend) before anything is written.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private readonly Gpt _model;
    private readonly IGptOptimizer _optimizer;

    private TrainingSession(TrainerOptions options, Device device, CharCorpus corpus, Gpt model, IGptOptimizer optimizer, TrainingState state, bool resumed)
    {
        Options = options;
        Device = device;
        Corpus = corpus;
        _model = model;
        _optimizer = optimizer;
        State = state;
        Resumed = resumed;
        Unigram = corpus.UnigramCrossEntropy();
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Where the model's tensors live and its ops run (<c>--backend</c>).</summary>
    public Device Device { get; }

    /// <summary>The text.</summary>
    public CharCorpus Corpus { get; }

    /// <summary>The model.</summary>
    public Gpt Model => _model;

    /// <summary>True when the run continues a checkpoint.</summary>
    public bool Resumed { get; }

    /// <summary>The position and history (saved in the checkpoint).</summary>
    public TrainingState State { get; }

    /// <summary>The validation text's cross-entropy under the training text's character frequencies (nats per character).</summary>
    public double Unigram { get; }

    /// <summary>The model's parameters, in declaration order.</summary>
    public IReadOnlyList<Tensor> Parameters => _model.Parameters;

    /// <summary>
    /// Opens the run <paramref name="options"/> describe: a fresh one, or with <c>--resume</c> the checkpoint's (whose
    /// settings win; an option that contradicts them is an error). Throws <see cref="TrainerException"/> on bad data,
    /// a missing, corrupt or foreign checkpoint, an existing checkpoint without <c>--resume</c>/<c>--overwrite</c>, or
    /// a backend that cannot start.
    /// </summary>
    public static TrainingSession Open(TrainerOptions options)
    {
        TrainingState? saved = null;
        byte[]? optimizerState = null;
        if (options.Resume)
        {
            (saved, optimizerState) = Checkpoint.Read(options.CheckpointPath);
            foreach (string name in options.ExplicitRunOptions)
            {
                object given = CommandLine.RunOptionValue(options.Config, name), kept = CommandLine.RunOptionValue(saved.Config, name);
                if (!given.Equals(kept))
                {
                    throw new TrainerException($"--{name} {given} contradicts the checkpoint's run (--{name} {kept}); drop the option to resume, or pass --overwrite to start anew.");
                }
            }
        }
        else if (File.Exists(options.CheckpointPath) && !options.Overwrite)
        {
            throw new TrainerException($"Checkpoint '{Path.GetFullPath(options.CheckpointPath)}' exists; pass --resume to continue it or --overwrite to replace it.");
        }

        RunConfig config = saved?.Config ?? options.Config;
        CharCorpus corpus = CharCorpus.Load(options.DataDirectory, config.Context);
        if (saved is not null && saved.Config.DataHash != corpus.Hash)
        {
            throw new TrainerException($"The data in '{corpus.Directory}' is not the text the checkpoint was trained on; resume with the same --data.");
        }
        config = config with { DataHash = corpus.Hash };
        Device device = ResolveDevice(options.Backend);
        Tensor[] parameters = config.Model(corpus.Vocabulary.Length).CreateParameters(config.Seed, config.Precision == 64 ? DType.Float64 : DType.Float32, device);
        var model = new Gpt(config.Model(corpus.Vocabulary.Length), parameters);
        IGptOptimizer optimizer = GptOptimizers.Create(config, parameters);
        if (optimizerState is not null)
        {
            try
            {
                optimizer.LoadState(optimizerState, parameters);
            }
            catch (InvalidDataException e)
            {
                throw new TrainerException($"Checkpoint '{Path.GetFullPath(options.CheckpointPath)}' does not fit this run: {e.Message}", e);
            }
        }
        return new TrainingSession(options, device, corpus, model, optimizer, saved ?? new TrainingState { Config = config }, saved is not null);
    }

    /// <summary>
    /// Trains until the planned steps are done, <paramref name="cancel"/> fires (Ctrl+C) or <c>--max-steps</c> is
    /// reached. Validates and saves a checkpoint every <see cref="RunConfig.EvalEvery"/> steps, at the end and when it
    /// stops early, so <c>--resume</c> continues exactly where it stopped.
    /// </summary>
    public TrainingOutcome Train(ITrainingObserver observer, CancellationToken cancel = default)
    {
        using IDisposable? threads = Options.Threads is int n ? CpuBackend.UseThreads(n) : null;
        RunConfig c = State.Config;
        while (State.Step < c.Steps)
        {
            if (Options.MaxSteps is int max && State.Step >= max)
            {
                Save();
                return new TrainingOutcome(false, $"--max-steps {max} reached");
            }
            long start = Stopwatch.GetTimestamp();
            (int[] tokens, int[] targets) = Corpus.TrainBatch(c.Seed, State.Step, c.Batch, c.Context);
            double loss;
            using (var gradients = new Gpt.Gradients())
            {
                using (Tensor value = _model.LossGradient(tokens, targets, c.Batch, gradients))
                {
                    loss = value.Item();
                }
                if (!double.IsFinite(loss))
                {
                    throw new TrainerException($"The loss became {loss} at step {State.Step + 1}; the last checkpoint is left as it was. Try a smaller --lr or --precision 64.");
                }
                _optimizer.Step(_model.Parameters, gradients.All!);
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            State.StepLosses.Add(loss);
            State.Step++;
            State.TrainingSeconds += seconds;
            State.SecondsSinceEval += seconds;
            long sinceEval = State.Step - (State.Evals.Count > 0 ? State.Evals[^1].Step : 0);
            double rate = sinceEval * c.Batch * c.Context / Math.Max(State.SecondsSinceEval, 1e-9);
            observer.StepCompleted(State.Step, c.Steps, loss, rate);

            if (State.Step % c.EvalEvery == 0 || State.Step == c.Steps)
            {
                var record = new EvalRecord(State.Step, State.StepLosses.TakeLast((int)sinceEval).Average(), Evaluate(), _optimizer.CurrentRate, State.SecondsSinceEval, rate);
                State.Evals.Add(record);
                State.SecondsSinceEval = 0;
                Save();
                observer.Evaluated(record);
            }
            else if (cancel.IsCancellationRequested)
            {
                Save();
                return new TrainingOutcome(false, "interrupted");
            }
        }
        return new TrainingOutcome(true, null);
    }

    /// <summary>The mean cross-entropy (nats per character) over the run's fixed validation batches.</summary>
    public double Evaluate()
    {
        using IDisposable? threads = Options.Threads is int n ? CpuBackend.UseThreads(n) : null;
        RunConfig c = State.Config;
        double sum = 0;
        for (int i = 0; i < c.EvalBatches; i++)
        {
            (int[] tokens, int[] targets) = Corpus.ValidationBatch(i, c.EvalBatches, c.Batch, c.Context);
            using Tensor loss = _model.LossValue(tokens, targets, c.Batch);
            sum += loss.Item();
        }
        return sum / c.EvalBatches;
    }

    /// <summary>
    /// <paramref name="length"/> characters continuing <paramref name="prompt"/>, each drawn from the model's next-character
    /// distribution at <paramref name="temperature"/> (seeded: the same model and seed write the same text).
    /// </summary>
    public string Generate(string prompt, int length, double temperature = 0.8, ulong seed = 1)
    {
        using IDisposable? threads = Options.Threads is int n ? CpuBackend.UseThreads(n) : null;
        var rng = new SeededRandom(seed);
        List<int> ids = [.. Corpus.Encode(prompt)];
        int context = State.Config.Context, vocab = Corpus.Vocabulary.Length;
        var p = new double[vocab];
        for (int k = 0; k < length; k++)
        {
            int[] window = ids.Skip(Math.Max(0, ids.Count - context)).ToArray();
            double[] logits;
            using (Tensor all = _model.LogitsValue(window, 1))
            {
                logits = all.ToDoubleArray()[^vocab..];
            }
            double top = logits.Max(), total = 0;
            for (int v = 0; v < vocab; v++)
            {
                p[v] = Math.Exp((logits[v] - top) / temperature);
                total += p[v];
            }
            double u = rng.NextDouble() * total;
            int next = vocab - 1;
            for (int v = 0; v < vocab; v++)
            {
                u -= p[v];
                if (u < 0)
                {
                    next = v;
                    break;
                }
            }
            ids.Add(next);
        }
        return Corpus.Decode(ids.Skip(ids.Count - length));
    }

    private void Save()
    {
        Checkpoint.Write(Options.CheckpointPath, State, _optimizer.SaveState());
        TrainingReport.WriteMetrics(Options.OutputDirectory, State);
        if (Options.Plots)
        {
            TrainingReport.WritePlot(Options.OutputDirectory, State, Unigram);
        }
    }

    private static Device ResolveDevice(string backend)
    {
        try
        {
            return backend switch
            {
                "ilgpu" => Device.Ilgpu(),
                "torch" => Device.Torch(),
                _ => Device.Cpu,
            };
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            throw new TrainerException($"--backend {backend} cannot start on this machine: {e.Message}", e);
        }
    }

    /// <summary>What <see cref="Device"/> is, for the run's header.</summary>
    public string DescribeDevice() => Device.Kind switch
    {
        DeviceKind.Ilgpu => $"ILGPU backend ({IlgpuDevice.SharedBackend().AcceleratorName})",
        DeviceKind.Torch => $"TorchSharp backend (libtorch {Device})",
        _ => $"cpu backend, {Environment.ProcessorCount} cores",
    };

    /// <summary>Returns the parameters' memory to the pool.</summary>
    public void Dispose()
    {
        foreach (Tensor t in _model.Parameters)
        {
            t.Dispose();
        }
    }
}
