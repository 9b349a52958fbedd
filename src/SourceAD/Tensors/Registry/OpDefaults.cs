// Linked into the generator as well (see OpSpec.cs): the one place for each attribute default. Ops signatures name
// these constants, and generated derivative calls print them.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Registry;
#else
namespace SourceAD.Tensors;
#endif

/// <summary>The default attribute values of tensor ops (as PyTorch's).</summary>
public static class OpDefaults
{
    /// <summary>Leaky ReLU's negative slope (torch: 0.01).</summary>
    public const double LeakyReluSlope = 0.01;

    /// <summary>Batch norm's running-statistics momentum (torch: 0.1).</summary>
    public const double BatchNormMomentum = 0.1;

    /// <summary>Batch norm's variance epsilon (torch: 1e-5).</summary>
    public const double BatchNormEps = 1e-5;

    /// <summary>Layer norm's variance epsilon (torch: 1e-5).</summary>
    public const double LayerNormEps = 1e-5;

    /// <summary>Cross-entropy's ignored label (torch: −100; nanoGPT passes −1).</summary>
    public const int CrossEntropyIgnoreIndex = -100;

    /// <summary>ELU's α (torch: 1).</summary>
    public const double EluAlpha = 1.0;
}
