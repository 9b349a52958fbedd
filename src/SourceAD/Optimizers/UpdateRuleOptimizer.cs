using System.Numerics;

namespace SourceAD.Optimizers;

/// <summary>
/// Base of the optimizers built on generated update rules: it owns the per-parameter state slots, the step
/// counter k and the learning-rate schedule, and saves and restores them. A subclass computes the per-step
/// coefficients in double and calls its rule's generated fused step.
/// </summary>
/// <remarks>
/// To give a custom <see cref="UpdateRuleAttribute">[UpdateRule]</see> the same treatment as the shipped ones
/// (schedules, save/load, resume), derive from this class: name the state slots in the constructor, override
/// <see cref="Apply"/> to call the generated <c>{Rule}Step</c> with <see cref="Slot"/> spans, and override
/// <see cref="Describe"/> with every hyperparameter.
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/>, <see cref="double"/> or <see cref="Half"/>
/// (Half runs the rule's scalar path).</typeparam>
public abstract class UpdateRuleOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string[] slotNames;
    private T[][]? slots;
    private int parameterCount;

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

        Apply(parameters, gradients, gamma, k);
        StepCount = k;
        SchedulePosition++;
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
    /// Restores θ and the optimizer state from a file written by <see cref="Save"/>. The whole file is read and
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
    protected Span<T> Slot(int index) => slots![index];

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

    /// <summary>Runs the generated fused step with this step's coefficients.</summary>
    /// <param name="theta">θ, updated in place.</param>
    /// <param name="g">g_k.</param>
    /// <param name="gamma">γ_k, from the schedule.</param>
    /// <param name="k">The step number, from 1 (for bias corrections).</param>
    protected abstract void Apply(Span<T> theta, ReadOnlySpan<T> g, double gamma, long k);

    /// <summary>The hyperparameters and schedule, exactly; saved state must match it to load.</summary>
    protected abstract string Describe();

    /// <summary>1 − λγ_k, the decoupled weight-decay factor (Algorithm 3, line 9).</summary>
    /// <param name="gamma">γ_k.</param>
    protected T WeightDecayFactor(double gamma) => T.CreateChecked(1 - (WeightDecay * gamma));

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
