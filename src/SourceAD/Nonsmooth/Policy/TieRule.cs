// Linked into the generator (netstandard2.0) as well as compiled here: the runtime, the generator and every backend
// read the nonsmooth policy from this one source (see README.md in this folder). Keep it free of runtime-only types.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Policy;
#else
namespace SourceAD;
#endif

/// <summary>How the derivative of a max-like operation is shared among tied (active) entries (thesis Definition 10).</summary>
public enum TieRule
{
    /// <summary>Not set: inherit from the enclosing scope (family → method → assembly → preset).</summary>
    Unset = 0,
    /// <summary>The first active index gets everything (what autograd libraries do).</summary>
    Native = 1,
    /// <summary>The uniform average over the active set: the minimum-norm Clarke element.</summary>
    Minimal = 2,
    /// <summary>(1−β)·Native + β·Minimal. Clarke for β ∈ [0, 1], only conservative for β &gt; 1 (thesis Remark 10).</summary>
    Hybrid = 3,
}

/// <summary>Named sets of nonsmooth derivative choices that reproduce a library's behaviour.</summary>
public enum NonsmoothPreset
{
    /// <summary>Not set: inherit.</summary>
    Unset = 0,
    /// <summary>relu'(0)=0, abs'(0)=0, binary max ties split 0.5/0.5, max reductions split evenly, max_pool2d first index.</summary>
    PyTorch = 1,
    /// <summary>relu'(0)=0, abs'(0)=+1, max ties split 0.5/0.5 (binary and reductions), pooling first index.</summary>
    Jax = 2,
    /// <summary>Any tie or kink reached at run time throws <c>NonsmoothPointException</c>.</summary>
    Strict = 3,
}
