using System.Buffers;

namespace SourceAD.Runtime;

/// <summary>What a <see cref="BinomialSchedule"/> asks the generated pullback to do next.</summary>
public enum CheckpointAction
{
    /// <summary>Every step has been reversed.</summary>
    Done,

    /// <summary>Run <see cref="BinomialSchedule.Count"/> primal steps untaped, from step <see cref="BinomialSchedule.Step"/>.</summary>
    Advance,

    /// <summary>Copy the loop-carried state (at the step reached) into slot <see cref="BinomialSchedule.Slot"/>.</summary>
    Snapshot,

    /// <summary>Copy the loop-carried state back from slot <see cref="BinomialSchedule.Slot"/>.</summary>
    Restore,

    /// <summary>Run step <see cref="BinomialSchedule.Step"/> taped, then at once its reverse.</summary>
    Reverse,
}

/// <summary>
/// Binomial checkpointing (Griewank 1992; Griewank and Walther, "Algorithm 799: revolve", ACM TOMS 26(1), 2000) for
/// reversing T steps of a time-stepping loop with c snapshot slots: steps are reversed in the order T−1, …, 0, at most c
/// snapshots exist at once (slot 0 holds the loop's entry state, taken before the schedule starts), and the number of
/// primal steps rerun is the binomial optimum F(T, c − 1), where, with r the least integer such that
/// β(c, r) = C(c + r, c) ≥ T, F = r·T − β(c + 1, r − 1) (T(T − 1)/2 with one slot).
/// </summary>
/// <remarks>
/// Online and O(c) in memory: the positions of the live snapshots form a stack. Each split point is chosen by
/// minimising m + F(T′ − m, s − 1) + F(m, s) over the advance m (s the free slots), which is convex in m, so a binary
/// search on its differences finds it. Mutable struct: keep it in a local, call <see cref="Dispose"/>.
/// </remarks>
public struct BinomialSchedule : IDisposable
{
    private int[]? _positions;
    private readonly int _slots;
    private int _live;
    private int _end;
    private int _current;

    /// <param name="steps">T, the loop's trip count.</param>
    /// <param name="slots">c ≥ 1 snapshot slots, slot 0 included (the entry state, taken by the caller).</param>
    public BinomialSchedule(int steps, int slots)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps));
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots));
        _slots = slots;
        _positions = ArrayPool<int>.Shared.Rent(slots);
        _positions[0] = 0;
        _live = 1;
        _end = steps;
        _current = -1;
        Step = Count = Slot = 0;
        Advanced = 0;
    }

    /// <summary>Advance: the first step to run. Reverse: the step to reverse.</summary>
    public int Step { get; private set; }

    /// <summary>Advance: how many steps to run.</summary>
    public int Count { get; private set; }

    /// <summary>Snapshot and Restore: the slot.</summary>
    public int Slot { get; private set; }

    /// <summary>Primal steps run by the Advance actions so far.</summary>
    public long Advanced { get; private set; }

    /// <summary>The automatic budget for <paramref name="steps"/> steps: ⌈√T⌉ slots (at least 1), so snapshot memory grows like √T
    /// and, by the binomial bound, each step is rerun at most about twice.</summary>
    public static int DefaultSlots(int steps) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(Math.Max(0, steps))));

    /// <summary>The next action.</summary>
    public CheckpointAction Next()
    {
        if (_end <= 0 || _positions is null) return CheckpointAction.Done;
        // A snapshot at or after the next step to reverse is spent.
        while (_live > 1 && _positions[_live - 1] >= _end) _live--;
        int top = _positions[_live - 1], last = _end - 1;
        if (_current < 0)
        {
            _current = top;
            Slot = _live - 1;
            return CheckpointAction.Restore;
        }
        if (_current == last)
        {
            Step = last;
            _end = last;
            // The taped step and its reverse leave the state undefined (only what the reverse reads is restored).
            _current = -1;
            return CheckpointAction.Reverse;
        }
        if (_current > top)
        {
            _positions[_live] = _current;
            Slot = _live++;
            return CheckpointAction.Snapshot;
        }
        int free = _slots - _live;
        int advance = free == 0 ? last - _current : Split(_end - _current, free);
        Step = _current;
        Count = advance;
        _current += advance;
        Advanced += advance;
        return CheckpointAction.Advance;
    }

    /// <summary>The primal steps the optimal schedule reruns to reverse <paramref name="steps"/> steps with <paramref name="slots"/>
    /// slots, the entry state's included: F(T, c − 1) above.</summary>
    public static long Recomputed(int steps, int slots)
    {
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots));
        if (steps <= 1) return 0;
        if (slots == 1) return (long)steps * (steps - 1) / 2;
        // β(c, r) = C(c + r, c), grown in r until it reaches T; each product stays below T·(c + r) (no overflow for int T, c).
        long c = slots, beta = 1, r = 0;
        while (beta < steps)
        {
            r++;
            beta = beta * (c + r) / r;
        }
        // β(c + 1, r − 1) = C(c + r, r − 1) = C(c + r, r)·r/(c + 1).
        long below = beta * r / (c + 1);
        return r * steps - below;
    }

    /// <summary>The advance that splits <paramref name="steps"/> steps optimally with <paramref name="free"/> ≥ 1 free slots.</summary>
    private static int Split(int steps, int free)
    {
        // g(m) = m + F(T − m, s − 1) + F(m, s), F(n, s) = Recomputed(n, s + 1); convex in m on [1, T − 1].
        long G(int m) => m + Recomputed(steps - m, free) + Recomputed(m, free + 1);
        int lo = 1, hi = steps - 1;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (G(mid + 1) - G(mid) >= 0) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>Returns the position stack to the pool.</summary>
    public void Dispose()
    {
        if (_positions is not null) ArrayPool<int>.Shared.Return(_positions);
        _positions = null;
    }
}
