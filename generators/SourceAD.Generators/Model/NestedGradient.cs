using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Model;

/// <summary>
/// One gradient element ∂F/∂pⱼ that a [Differentiable] method calls (nested AD, Lowering/MethodLowering.NestedGradients.cs):
/// the scalar function <see cref="Adapter"/>, declared beside the caller with its pullback and pushforward, all three
/// calls of F's generated members on <see cref="Receiver"/>. <see cref="Input"/> is j among F's differentiable
/// parameters (<see cref="Params"/> in order), or −1 for FPushforward's Tangent ∇F·ṗ (the adapter then also takes the
/// direction ṗ); <see cref="Key"/> is F's key, whose second-order members must exist.
/// </summary>
internal sealed record NestedGradient(
    string Adapter,
    string Receiver,
    string Primal,
    bool IsStatic,
    string RealType,
    EquatableArray<Param> Params,
    int Input,
    string Key);
