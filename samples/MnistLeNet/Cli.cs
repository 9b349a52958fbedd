using System.CodeDom.Compiler;
using System.Globalization;
using System.Reflection;
using MnistLeNet.Training;
using SourceAD.Distributed;
using Spectre.Console;

namespace MnistLeNet;

/// <summary>The trainer's entry point: parses options, opens the run, shows progress and a per-epoch table.</summary>
public static class Cli
{
    /// <summary>Exit code of a finished (or <c>--max-steps</c>-stopped) run.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a bad data folder, checkpoint or backend.</summary>
    public const int InputError = 1;

    /// <summary>Exit code for a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C (a checkpoint was saved), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs the trainer on the real console, saving a checkpoint and stopping on Ctrl+C.</summary>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops at the end of the current step with a checkpoint; a second one kills the process.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        IAnsiConsole errors = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return Run(args, AnsiConsole.Console, cancel.Token, errors);
    }

    /// <summary>
    /// Runs the trainer with <paramref name="console"/> for output and <paramref name="errors"/> (default: the same) for
    /// error messages; tests pass a recording console.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancel = default, IAnsiConsole? errors = null)
    {
        errors ??= console;
        if (CommandLine.WantsHelp(args))
        {
            console.WriteLine(CommandLine.Usage);
            return Success;
        }
        TrainerOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return UsageError;
        }
        if (!options.Distributed)
        {
            return Train(options, Communicator.Single, console, errors, cancel);
        }

        MpiCommunicator comm;
        try
        {
            comm = MpiCommunicator.Initialize();
        }
        catch (DistributedException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return UsageError;
        }
        // Rank 0 speaks for the job; the other ranks print only errors that are theirs alone.
        IAnsiConsole quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        int code;
        try
        {
            code = Train(options, comm, comm.Rank == 0 ? console : quiet, comm.Rank == 0 ? errors : quiet, cancel);
        }
        catch (Exception e)
        {
            // An error only this rank hit (an I/O error while saving, a bug): the others would wait for it forever, so
            // the whole job ends now and mpirun names this rank.
            errors.MarkupLine($"[red]error:[/] rank {comm.Rank} of {comm.Size}: {Markup.Escape(e.Message)}");
            comm.Abort(InputError);
            throw;
        }
        comm.Dispose();
        return code;
    }

    private static int Train(TrainerOptions options, Communicator comm, IAnsiConsole console, IAnsiConsole errors, CancellationToken cancel)
    {
        try
        {
            using TrainingSession session = TrainingSession.Open(options, comm);
            WriteHeader(console, session);
            TrainingOutcome outcome = console.Profile.Capabilities.Interactive
                ? console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx => session.Train(new SpectreProgressObserver(ctx), cancel))
                : session.Train(new PlainObserver(console), cancel);
            WriteSummary(console, session, outcome);
            return outcome.StopReason == "interrupted" ? Interrupted : Success;
        }
        // CollectiveException: every rank stops together (a rank diverged, models or data differ across ranks).
        // NotSupportedException: a backend that lacks what the run asks for (e.g. float16 kernels on ILGPU).
        catch (Exception e) when (e is TrainerException or IOException or UnauthorizedAccessException or NotSupportedException or CollectiveException)
        {
            if (comm.Size > 1 && e is not CollectiveException)
            {
                throw; // this rank's alone: Run aborts the job
            }
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return InputError;
        }
    }

    /// <summary>Where the gradient comes from: SourceAD marks what it generates with [GeneratedCode("SourceAD", …)].</summary>
    public static string GradientSource =>
        typeof(LeNet5).GetMethods().Where(m => m.Name == nameof(LeNet5.LossGradient)).All(m => m.GetCustomAttribute<GeneratedCodeAttribute>() is { Tool: "SourceAD" })
            ? "LossGradient generated by SourceAD at compile time (see obj/<config>/net10.0/generated/)"
            : "hand-written LossGradient";

    private static void WriteHeader(IAnsiConsole console, TrainingSession s)
    {
        TrainingState st = s.State;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]data[/]", Markup.Escape($"{s.Data.Directory} ({s.Data.Train.Count:N0} train / {s.Data.Test.Count:N0} test images)"));
        grid.AddRow("[bold]model[/]", Markup.Escape($"LeNet-5, {LeNet5Parameters.Count(s.Parameters):N0} parameters, {s.Variant}"));
        grid.AddRow("[bold]gradient[/]", Markup.Escape(GradientSource));
        grid.AddRow("[bold]training[/]", Markup.Escape($"{st.Config.Describe()}, {st.PlannedEpochs} epochs, {TrainingDevices.Describe(s.Device)}"));
        if (s.Communicator.Size > 1)
        {
            grid.AddRow("[bold]ranks[/]", Markup.Escape($"{s.Communicator.Size} ({s.Communicator.Description.Split(',')[0]}); each computes " +
                $"{st.Config.Shards / s.Communicator.Size} of {st.Config.Shards} shards per batch; gradients summed in shard order (deterministic)"));
        }
        grid.AddRow("[bold]checkpoint[/]", Markup.Escape(Path.GetFullPath(s.Options.CheckpointPath)
            + (!s.Resumed ? ""
                : st.Epoch >= st.PlannedEpochs ? $" (already finished: {st.Epoch} epochs; pass a larger --epochs to train longer)"
                : $" (resumed at epoch {st.Epoch + 1}, batch {st.BatchInEpoch}, step {st.Step})")));
        console.Write(new Panel(grid).Header("SourceAD · MnistLeNet").RoundedBorder());
    }

    private static void WriteSummary(IAnsiConsole console, TrainingSession s, TrainingOutcome outcome)
    {
        TrainingState st = outcome.State;
        if (st.Epochs.Count > 0)
        {
            var table = new Table().RoundedBorder().Title("Per epoch");
            foreach (string column in new[] { "Epoch", "Train loss", "Test loss", "Test accuracy", "Time (s)", "Images/s" })
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }
            foreach (EpochRecord e in st.Epochs)
            {
                table.AddRow(e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss, "F4"), F(e.TestLoss, "F4"),
                    F(100 * e.TestAccuracy, "F2") + " %", F(e.Seconds, "F1"), F(e.ImagesPerSecond, "N0"));
            }
            console.Write(table);
        }
        string dir = s.Options.OutputDirectory;
        if (outcome.Completed)
        {
            EpochRecord last = st.Epochs[^1];
            console.MarkupLine(Markup.Escape($"Test accuracy {100 * last.TestAccuracy:F2} % after {st.Epochs.Count} epochs " +
                $"({st.Step:N0} steps, {st.TrainingSeconds:F1} s of training)."));
        }
        else
        {
            console.MarkupLine(Markup.Escape($"Stopped ({outcome.StopReason}) at epoch {st.Epoch + 1}, batch {st.BatchInEpoch}, step {st.Step}. " +
                "Continue with the same command plus --resume."));
        }
        console.MarkupLine(Markup.Escape($"Checkpoint: {Path.GetFullPath(s.Options.CheckpointPath)}"));
        console.MarkupLine(Markup.Escape(s.Options.Plots
            ? $"Plots: {Path.Combine(dir, TrainingReport.LossPlot)}, {Path.Combine(dir, TrainingReport.AccuracyPlot)}; metrics: {Path.Combine(dir, TrainingReport.Metrics)}"
            : $"Metrics: {Path.Combine(dir, TrainingReport.Metrics)}"));
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A live Spectre.Console progress bar per epoch, with loss and throughput.</summary>
    private sealed class SpectreProgressObserver(ProgressContext ctx) : ITrainingObserver
    {
        private ProgressTask? _task;
        private string _label = "";
        private long _lastRefresh;

        public void EpochStarted(int epoch, int epochs, int batches, int firstBatch)
        {
            _label = $"epoch {epoch + 1}/{epochs}";
            _task = ctx.AddTask(_label, maxValue: batches);
            _task.Value = firstBatch;
        }

        public void StepCompleted(int epoch, int batch, double loss, double epochMeanLoss, double imagesPerSecond)
        {
            _task!.Value = batch + 1;
            // Description changes re-layout the line; a few updates a second are plenty.
            long now = Environment.TickCount64;
            if (now - _lastRefresh >= 200)
            {
                _lastRefresh = now;
                _task.Description = Markup.Escape($"{_label}  loss {epochMeanLoss:F4}  {imagesPerSecond:N0} img/s");
            }
        }

        public void EpochCompleted(EpochRecord record)
        {
            _task!.Description = Markup.Escape($"{_label}  loss {record.TrainLoss:F4}  {record.ImagesPerSecond:N0} img/s  test acc {100 * record.TestAccuracy:F2} %");
            _task.StopTask();
        }
    }

    /// <summary>Plain lines for logs and redirected output, where a live bar cannot be drawn.</summary>
    private sealed class PlainObserver(IAnsiConsole console) : ITrainingObserver
    {
        private int _batches, _epochs;

        public void EpochStarted(int epoch, int epochs, int batches, int firstBatch)
        {
            (_batches, _epochs) = (batches, epochs);
        }

        public void StepCompleted(int epoch, int batch, double loss, double epochMeanLoss, double imagesPerSecond)
        {
            int every = Math.Max(1, _batches / 4);
            if ((batch + 1) % every == 0 && batch + 1 < _batches)
            {
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch + 1}/{_epochs}  batch {batch + 1}/{_batches}  loss {epochMeanLoss:F4}  {imagesPerSecond:N0} img/s")));
            }
        }

        public void EpochCompleted(EpochRecord r) =>
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}/{_epochs}  train loss {r.TrainLoss:F4}  test loss {r.TestLoss:F4}  test acc {100 * r.TestAccuracy:F2} %  {r.Seconds:F1} s  {r.ImagesPerSecond:N0} img/s")));
    }
}
