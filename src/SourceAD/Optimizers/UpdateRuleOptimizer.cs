using System.Numerics;
using SourceAD.Tensors;
using SourceAD.Tensors.Backends;

namespace SourceAD.Optimizers;

/// <summary>
/// Base of the optimizers built on generated update rules: it owns the per-parameter state slots, the step
/// counter k and the learning-rate schedule, and saves and restores them. A subclass computes the per-step
/// coefficients in double and calls its rule's generated fused step.
/// </summary>
/// <remarks>
/// To give a custom <see cref="UpdateRuleAttribute">[UpdateRule]</see> the same treatment as the shipped ones
/// (schedules, save/load, resume), derive from this class: name the state slots in the constructor, override
/// <see cref="Apply"/> to pass the generated <c>{Rule}Update</c> (the rule with this step's coefficients) to the runner,
/// and override <see cref="Describe"/> with every hyperparameter. The same rule then runs on spans, on CPU tensors and
/// on tensors of any backend (ILGPU, TorchSharp), whose state slots stay on that device.
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/>, <see cref="double"/> or <see cref="Half"/>
/// (Half runs the rule's scalar path).</typeparam>
public abstract class UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string[] slotNames;
    private T[][]? slots;
    private int parameterCount;

    // Tensor steps on a non-CPU device keep the state there; the host slots above are then a copy, refreshed on demand.
    private Tensor[]? deviceSlots;
    private bool hostSlotsStale;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A rate or a schedule; null means <paramref name="defaultRate"/>.</param>
    /// <param name="defaultRate">The constant rate used when <paramref name="learningRate"/> is null.</param>
    /// <param name="weightDecay">λ, decoupled weight decay: θ ← (1 − λγ_k)θ before the update.</param>
    /// <param name="slotNames">Names of the state slots besides θ, in the order the rule takes them.</param>
    protected UpdateRuleOptimizer(LearningRateSchedule? learningRate, double defaultRate, double weightDecay, params string[] slotNames)
    {
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be finite and non-negative.");
        }

        LearningRate = learningRate ?? new ConstantSchedule(defaultRate);
        WeightDecay = weightDecay;
        this.slotNames = slotNames;
    }

    /// <summary>The learning-rate schedule γ.</summary>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>λ, the decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>The number of steps taken; the next step is step k = <see cref="StepCount"/> + 1.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// The schedule position the next step reads its rate from. It advances with every step and is saved
    /// with the state.
    /// </summary>
    public long SchedulePosition { get; private set; }

    /// <summary>The number of parameters, fixed by the first step or load; 0 before.</summary>
    public int ParameterCount => slots is null ? 0 : parameterCount;

    /// <summary>A short name for the algorithm, recorded in saved state.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Applies one step in place: <paramref name="parameters"/> θ_k becomes θ_{k+1}. The first call fixes the
    /// parameter count and initializes the state from these parameters.
    /// </summary>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="gradients">g_k, the gradient at θ_k; same length as <paramref name="parameters"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the step would be ill-posed (the message
    /// names the step and the offending values); nothing has been changed.</exception>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException($"The gradient has {gradients.Length} elements but the parameters have {parameters.Length}.", nameof(gradients));
        }

        if (slots is not null && parameters.Length != parameterCount)
        {
            throw new ArgumentException($"This optimizer holds state for {parameterCount} parameters but was given {parameters.Length}.", nameof(parameters));
        }

        var k = StepCount + 1;
        var gamma = LearningRate.At(SchedulePosition);

        // Checked before anything is written, so an ill-posed step leaves parameters and state untouched.
        CheckStep(gamma, k);

        if (slots is null)
        {
            slots = new T[slotNames.Length][];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = new T[parameters.Length];
            }

            parameterCount = parameters.Length;
            InitializeState(parameters);
        }

        if (deviceSlots is not null)
        {
            throw new InvalidOperationException($"This {Name} optimizer keeps its state on {deviceSlots[0].Device}; step it with tensors, not spans.");
        }

        var runner = new HostRunner(parameters, gradients, slots);
        Apply(ref runner, gamma, k);
        StepCount = k;
        SchedulePosition++;
    }

    /// <summary>
    /// Applies one step in place to a parameter tensor on any device. CPU tensors take the span path; on another
    /// device the state slots are tensors on that device (created, and initialized from θ₀ through the host, by the
    /// first step) and the backend runs the rule (<see cref="ITensorBackend.ApplyUpdate{TRule}"/>).
    /// </summary>
    /// <param name="parameters">θ, updated in place; its dtype must be <typeparamref name="T"/>.</param>
    /// <param name="gradients">g_k: same length, dtype and device as <paramref name="parameters"/>.</param>
    /// <exception cref="ArgumentException">Lengths, dtypes or devices differ, or the step would be ill-posed; nothing
    /// has been changed.</exception>
    public void Step(Tensor parameters, Tensor gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        var dtype = DTypes.Of<T>();
        if (parameters.DType != dtype || gradients.DType != dtype || gradients.Length != parameters.Length || gradients.Device != parameters.Device)
        {
            throw new ArgumentException(
                $"{Name} steps {dtype} tensors: the parameters are {parameters.DType} [{parameters.Length}] on {parameters.Device}, " +
                $"the gradients {gradients.DType} [{gradients.Length}] on {gradients.Device}.", nameof(gradients));
        }

        if (parameters.Device.Kind == DeviceKind.Cpu)
        {
            Step(parameters.AsSpan<T>(), gradients.AsSpan<T>());
            return;
        }

        if (slots is not null && deviceSlots is null)
        {
            throw new InvalidOperationException($"This {Name} optimizer keeps its state on the host; step it with spans or CPU tensors.");
        }

        if (slots is not null && parameters.Length != parameterCount)
        {
            throw new ArgumentException($"This optimizer holds state for {parameterCount} parameters but was given {parameters.Length}.", nameof(parameters));
        }

        if (deviceSlots is not null && deviceSlots.Length > 1 && deviceSlots[1].Device != parameters.Device)
        {
            throw new ArgumentException($"This optimizer keeps its state on {deviceSlots[1].Device}, but the parameters are on {parameters.Device}.", nameof(parameters));
        }

        var k = StepCount + 1;
        var gamma = LearningRate.At(SchedulePosition);
        CheckStep(gamma, k);

        if (deviceSlots is null)
        {
            var theta0 = parameters.ToArray<T>();
            slots = new T[slotNames.Length][];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = new T[parameters.Length];
            }

            parameterCount = parameters.Length;
            InitializeState(theta0);
            deviceSlots = new Tensor[slots.Length + 1];
            UploadSlots(parameters.Device);
        }

        deviceSlots[0] = parameters;
        var runner = new DeviceRunner(deviceSlots, gradients);
        Apply(ref runner, gamma, k);
        hostSlotsStale = deviceSlots.Length > 1;
        StepCount = k;
        SchedulePosition++;
    }

    /// <summary>Writes the state like <see cref="Save(string, ReadOnlySpan{T})"/>, for a parameter tensor on any device.</summary>
    /// <param name="path">The file to create or replace (atomically).</param>
    /// <param name="parameters">θ, the parameter tensor this optimizer is stepping.</param>
    public void Save(string path, Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        RefreshHostSlots();
        Save(path, parameters.ToArray<T>());
    }

    /// <summary>Restores the state like <see cref="Load(string, Span{T})"/>, into a parameter tensor on any device.</summary>
    /// <param name="path">The state file.</param>
    /// <param name="parameters">θ, overwritten with the saved parameters; the state follows it to its device.</param>
    public void Load(string path, Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var theta = new T[parameters.Length];
        Load(path, theta);
        parameters.CopyFrom<T>(theta);
        DisposeDeviceSlots();
        if (parameters.Device.Kind != DeviceKind.Cpu && slots is not null)
        {
            deviceSlots = new Tensor[slots.Length + 1];
            UploadSlots(parameters.Device);
        }
    }

    private void UploadSlots(Device device)
    {
        for (var i = 0; i < slots!.Length; i++)
        {
            using var host = Tensor.From<T>(slots[i], [slots[i].Length]);
            deviceSlots![i + 1] = host.To(device);
        }

        hostSlotsStale = false;
    }

    private void RefreshHostSlots()
    {
        if (!hostSlotsStale)
        {
            return;
        }

        for (var i = 0; i < slots!.Length; i++)
        {
            deviceSlots![i + 1].CopyTo<T>(slots[i]);
        }

        hostSlotsStale = false;
    }

    private void DisposeDeviceSlots()
    {
        if (deviceSlots is not null)
        {
            for (var i = 1; i < deviceSlots.Length; i++)
            {
                deviceSlots[i]?.Dispose();
            }
        }

        deviceSlots = null;
        hostSlotsStale = false;
    }

    /// <summary>The fused host step over θ, the slots and g.</summary>
    private readonly ref struct HostRunner(Span<T> theta, ReadOnlySpan<T> g, T[][] slots) : IUpdateRunner
    {
        private readonly Span<T> theta = theta;
        private readonly ReadOnlySpan<T> g = g;

        public void Run<TRule>(TRule rule) where TRule : struct, IElementwiseUpdate =>
            rule.Step<T>(theta, Slot(0), Slot(1), Slot(2), g, default);

        private Span<T> Slot(int i) => i < slots.Length ? slots[i] : default;
    }

    /// <summary>The backend's step over device tensors: θ and the slots, then g.</summary>
    private readonly struct DeviceRunner(Tensor[] state, Tensor gradients) : IUpdateRunner
    {
        public void Run<TRule>(TRule rule) where TRule : struct, IElementwiseUpdate =>
            state[0].Backend.ApplyUpdate(rule, state, [gradients]);
    }

    /// <summary>Writes θ, the state slots, the step count and the schedule position to a file, atomically.</summary>
    /// <param name="path">The file to create or replace. It is written to a temporary file in the same folder,
    /// then renamed over <paramref name="path"/>, so a crash never leaves a half-written state file.</param>
    /// <param name="parameters">θ, the parameters this optimizer is stepping.</param>
    public void Save(string path, ReadOnlySpan<T> parameters)
    {
        if (slots is not null && parameters.Length != parameterCount)
        {
            throw new ArgumentException($"This optimizer holds state for {parameterCount} parameters but was given {parameters.Length}.", nameof(parameters));
        }

        var header = new OptimizerStateFile.Header(Name, typeof(T).FullName!, Describe(), StepCount, SchedulePosition, parameters.Length, slots is not null);
        OptimizerStateFile.Write(path, header, parameters, slots ?? []);
    }

    /// <summary>
    /// Restores θ and the optimizer state from a file written by <see cref="Save(string, ReadOnlySpan{T})"/>. The whole file is read and
    /// checked first: a corrupt file, or one saved by a different optimizer, element type, hyperparameters,
    /// schedule or parameter count, throws <see cref="InvalidDataException"/> and changes nothing.
    /// </summary>
    /// <param name="path">The state file.</param>
    /// <param name="parameters">θ, overwritten with the saved parameters; its length must match the file.</param>
    public void Load(string path, Span<T> parameters)
    {
        var (state, slotBytes) = OptimizerStateFile.Read(path);
        Check(state.Algorithm == Name, $"it was saved by {state.Algorithm}, not {Name}");
        Check(state.ElementType == typeof(T).FullName, $"its element type is {state.ElementType}, not {typeof(T).FullName}");
        Check(state.Configuration == Describe(), $"its configuration '{state.Configuration}' differs from this optimizer's '{Describe()}'");
        Check(state.ParameterCount == parameters.Length, $"it holds {state.ParameterCount} parameters but {parameters.Length} were given");
        Check(slotBytes.Length == (state.HasState ? slotNames.Length + 1 : 1), $"it holds {slotBytes.Length - 1} state slots, not {slotNames.Length}");
        foreach (var slot in slotBytes)
        {
            Check(slot.Length == checked(state.ParameterCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()), "a state slot has the wrong size");
        }

        // Everything is validated: only now is anything overwritten.
        DisposeDeviceSlots();
        OptimizerStateFile.FromBytes(slotBytes[0], parameters);
        if (state.HasState)
        {
            slots = new T[slotNames.Length][];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = new T[state.ParameterCount];
                OptimizerStateFile.FromBytes<T>(slotBytes[i + 1], slots[i]);
            }

            parameterCount = state.ParameterCount;
        }
        else
        {
            slots = null;
            parameterCount = 0;
        }

        StepCount = state.StepCount;
        SchedulePosition = state.SchedulePosition;

        void Check(bool condition, string why)
        {
            if (!condition)
            {
                throw new InvalidDataException($"Cannot load optimizer state from '{path}': {why}.");
            }
        }
    }

    /// <summary>The state slot at <paramref name="index"/> (in the order given to the constructor).</summary>
    /// <param name="index">The slot's position among the names given to the constructor.</param>
    protected Span<T> Slot(int index)
    {
        RefreshHostSlots();
        return slots![index];
    }

    /// <summary>Initializes the state slots from θ₀ before the first step; slots start at zero otherwise.</summary>
    /// <param name="theta0">θ₀, the parameters as given to the first step.</param>
    protected virtual void InitializeState(ReadOnlySpan<T> theta0)
    {
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when step <paramref name="k"/> at rate <paramref name="gamma"/> would be
    /// ill-posed. Called before anything is changed.
    /// </summary>
    /// <param name="gamma">γ_k.</param>
    /// <param name="k">The step number, from 1.</param>
    protected virtual void CheckStep(double gamma, long k)
    {
    }

    /// <summary>
    /// Passes the rule with this step's coefficients (the generated <c>{Rule}Update</c>, coefficients in double) to
    /// <paramref name="runner"/>, which runs it on spans or on a device.
    /// </summary>
    /// <param name="runner">Runs the rule over θ, the state slots (in constructor order) and g_k.</param>
    /// <param name="gamma">γ_k, from the schedule.</param>
    /// <param name="k">The step number, from 1 (for bias corrections).</param>
    protected abstract void Apply<TRunner>(ref TRunner runner, double gamma, long k)
        where TRunner : IUpdateRunner, allows ref struct;

    /// <summary>The hyperparameters and schedule, exactly; saved state must match it to load.</summary>
    protected abstract string Describe();

    /// <summary>1 − λγ_k, the decoupled weight-decay factor (Algorithm 3, line 9).</summary>
    /// <param name="gamma">γ_k.</param>
    protected double WeightDecayFactor(double gamma) => 1 - (WeightDecay * gamma);

    /// <summary>Converts a coefficient computed in double to the element type.</summary>
    /// <param name="value">The coefficient.</param>
    protected static T ToElement(double value) => T.CreateChecked(value);

    /// <summary>Formats a hyperparameter so that it round-trips exactly.</summary>
    /// <param name="value">The hyperparameter.</param>
    protected static string Exact(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a hyperparameter outside its range.</summary>
    /// <param name="condition">True when the value is in range.</param>
    /// <param name="name">The parameter's name.</param>
    /// <param name="value">The value given.</param>
    /// <param name="range">The range, in words, e.g. "in [0, 1)".</param>
    protected static void Require(bool condition, string name, double value, string range)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
    }
}
