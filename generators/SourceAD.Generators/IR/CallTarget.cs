using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.IR;

/// <summary>
/// What a call resolves to. <see cref="Receiver"/> is the emitted prefix (<c>global::Ns.C</c> or <c>this</c>).
/// Generated derivatives are named <c>{Method}Pullback</c>/<c>{Method}Pushforward</c>; custom ones name their methods.
/// Runtime rules (span reductions of <c>SourceAD.Nonsmooth</c>) take <see cref="ExtraDerivativeArgs"/> (the policy
/// constants) last, and their pushforward returns only the tangent.
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
    bool PushforwardReturnsTangentOnly = false);

/// <summary>
/// How one callee parameter is passed, for building derivative argument lists. <paramref name="IsArray"/>: a <c>T[]</c>
/// (not a span). <paramref name="Written"/>: a passive array the callee writes (its pullback restores it on exit).
/// </summary>
internal sealed record ParamShape(string Name, ParamKind Kind, bool Differentiable, bool IsArray = false, bool Written = false);
