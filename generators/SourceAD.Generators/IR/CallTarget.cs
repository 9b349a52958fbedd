using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.IR;

/// <summary>
/// What a call resolves to. <see cref="Receiver"/> is the emitted prefix (<c>global::Ns.C</c> or <c>this</c>).
/// Generated derivatives are named <c>{Method}Pullback</c>/<c>{Method}Pushforward</c>; custom ones name their methods.
/// </summary>
internal sealed record CallTarget(
    string Receiver,
    string Method,
    string TypeArguments,
    EquatableArray<ParamShape> Params,
    string PullbackReceiver,
    string PullbackName,
    string PushforwardReceiver,
    string PushforwardName);

/// <summary>How one callee parameter is passed, for building derivative argument lists.</summary>
internal sealed record ParamShape(string Name, ParamKind Kind, bool Differentiable);
