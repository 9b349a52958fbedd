using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// An instance call on a string (<c>mode.ToLowerInvariant()</c>, <c>name.StartsWith("h")</c>, <c>kind.Length</c> is a
/// property and read elsewhere): strings are immutable and their methods have no floating result or argument here, so
/// the call is passive data, printed in place and rerun unchanged by every generated member.
/// </summary>
internal sealed partial class MethodLowering
{
    private Expr? PassiveStringCall(IInvocationOperation call, string type, List<IOperation> args)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.IsStatic || call.Instance is not { Type.SpecialType: SpecialType.System_String } instance) return null;
        // A floating argument would need its derivative (double.ToString round trips are not differentiable code);
        // ref/out arguments were refused before this point.
        if (TypeClassifier.IsFloating(call.Type) || args.Any(a => a.Type is null || TypeClassifier.IsFloating(a.Type) || a is IDelegateCreationOperation or IAnonymousFunctionOperation))
            return null;
        // {0} is the receiver, parenthesized so that a conditional or concatenation receiver keeps its meaning.
        string template = $"({{0}}).{Identifiers.Escape(target.Name)}({string.Join(", ", args.Select((_, i) => "{" + (i + 1) + "}"))})";
        var operands = new List<Expr> { LowerExpr(instance) };
        operands.AddRange(args.Select(PassiveArgument));
        return new DataRead(type, template, operands.ToEquatable());
    }

    /// <summary>
    /// An instance call on an enum value (<c>options.HasFlag(LossOptions.Squared)</c>, <c>kind.CompareTo(Kind.B)</c>):
    /// enums are plain data, so the call is passive, printed in place as a string call is. The receiver and enum
    /// arguments are boxed to <c>System.Enum</c>; they print as themselves, C# boxes them again.
    /// </summary>
    private Expr? PassiveEnumCall(IInvocationOperation call, string type, List<IOperation> args)
    {
        IMethodSymbol target = call.TargetMethod;
        if (target.IsStatic || call.Instance is null || Unwrap(call.Instance) is not { Type.TypeKind: TypeKind.Enum } instance ||
            TypeClassifier.IsFloating(call.Type) || args.Any(a => Unwrap(a).Type is not { TypeKind: TypeKind.Enum })) return null;
        string template = $"({{0}}).{Identifiers.Escape(target.Name)}({string.Join(", ", args.Select((_, i) => "{" + (i + 1) + "}"))})";
        var operands = new List<Expr> { LowerExpr(instance) };
        operands.AddRange(args.Select(a => PassiveArgument(Unwrap(a))));
        return new DataRead(type, template, operands.ToEquatable());
    }
}
