using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>
/// What a call resolves to. <see cref="Receiver"/> is the emitted prefix (<c>global::Ns.C</c> or <c>this</c>).
/// Generated derivatives are named <c>{Method}Pullback</c>/<c>{Method}Pushforward</c>; custom ones name their methods.
/// Runtime rules (span reductions of <c>SourceAD.Nonsmooth</c>) take <see cref="ExtraDerivativeArgs"/> (the policy
/// constants) last, and their pushforward returns only the tangent. <see cref="Callee"/> is the key
/// (<see cref="Lowering.CustomDerivatives.Key"/>) of a [Differentiable] callee declared in source, whose derivatives
/// exist only if it is generated too (the generator checks that before emitting the caller); empty otherwise.
/// <see cref="Implicit"/>: a helper without [Differentiable] whose source SourceAD differentiates as if it were marked
/// (Lowering/ImplicitHelpers.cs); a [DerivativeOf] method still wins, so the names are filled in by
/// <see cref="Lowering.CustomDerivatives.Resolve"/>.
/// </summary>
internal sealed record CallTarget(
    string Receiver,
    string Method,
    string TypeArguments,
    EquatableArray<ParamShape> Params,
    string PullbackReceiver,
    string PullbackName,
    string PushforwardReceiver,
    string PushforwardName,
    string ExtraDerivativeArgs = "",
    bool PushforwardReturnsTangentOnly = false,
    string Callee = "",
    bool Implicit = false);

/// <summary>
/// How one callee parameter is passed, for building derivative argument lists. <paramref name="IsArray"/>: a <c>T[]</c>
/// (not a span). <paramref name="Written"/>: a passive array the callee writes (its pullback restores it on exit).
/// <paramref name="InOut"/>: an output whose earlier contents are an input of the callee (<see cref="Model.Param.InOut"/>);
/// <paramref name="ReadsEntry"/>: one whose earlier contents the callee reads (<see cref="Model.Param.ReadsEntry"/>).
/// </summary>
internal sealed record ParamShape(string Name, ParamKind Kind, bool Differentiable, bool IsArray = false, bool Written = false, bool InOut = false, bool ReadsEntry = false);
