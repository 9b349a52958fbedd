using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>A [DerivativeOf] method: a hand-written pullback or pushforward of <see cref="TargetKey"/>.</summary>
internal sealed record CustomDerivative(string TargetKey, bool IsPullback, string Receiver, string Method);

/// <summary>
/// Finds [DerivativeOf] methods and plugs them into calls, exactly where a generated derivative would go
/// (like Swift's @derivative(of:) or JAX's custom_vjp).
/// </summary>
internal static class CustomDerivatives
{
    public const string Attribute = "SourceAD.DerivativeOfAttribute";

    /// <summary>A stable key for a method: declaring type, name and parameter types.</summary>
    public static string Key(IMethodSymbol m)
    {
        m = m.OriginalDefinition;
        return $"{TypeClassifier.Text(m.ContainingType)}.{m.Name}({string.Join(",", m.Parameters.Select(p => TypeClassifier.Text(p.Type)))})";
    }

    /// <summary>Reads a [DerivativeOf] method; <paramref name="problem"/> explains a mismatch (SRCAD0005).</summary>
    public static CustomDerivative? FromSymbol(IMethodSymbol derivative, AttributeData attribute, out string? problem)
    {
        problem = null;
        if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type ||
            attribute.ConstructorArguments[1].Value is not string name)
        {
            problem = "use [DerivativeOf(typeof(X), nameof(X.F))]";
            return null;
        }
        bool isPushforward = derivative.ReturnType is INamedTypeSymbol { IsTupleType: true };
        foreach (IMethodSymbol target in type.GetMembers(name).OfType<IMethodSymbol>())
        {
            var ps = target.Parameters;
            if (derivative.Parameters.Length < ps.Length) continue;
            if (!ps.Select((p, i) => SymbolEqualityComparer.Default.Equals(p.Type, derivative.Parameters[i].Type)).All(x => x)) continue;
            int differentiable = ps.Count(p => TypeClassifier.Classify(p, out _) is { Differentiable: true });
            int expected = ps.Length + differentiable + (isPushforward ? 0 : 1);
            if (derivative.Parameters.Length != expected)
            {
                problem = isPushforward
                    ? $"a pushforward of '{name}' takes its {ps.Length} parameters then one tangent per differentiable parameter ({expected} in all), and returns (Value, Tangent)"
                    : $"a pullback of '{name}' takes its {ps.Length} parameters, a seed, then 'ref' adjoints (Span<T> for arrays) per differentiable parameter ({expected} in all)";
                return null;
            }
            if (!derivative.IsStatic)
            {
                problem = "a [DerivativeOf] method must be static";
                return null;
            }
            return new CustomDerivative(Key(target), !isPushforward, TypeClassifier.Text(derivative.ContainingType), derivative.Name);
        }
        problem = $"no method '{name}' of '{type.Name}' has parameters matching the first {derivative.Parameters.Length} of this method";
        return null;
    }

    /// <summary>All [DerivativeOf] methods declared in source (used by the analyzer; the generator collects them incrementally).</summary>
    public static List<CustomDerivative> Collect(Compilation compilation, System.Threading.CancellationToken ct)
    {
        var result = new List<CustomDerivative>();
        foreach (ISymbol s in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member, ct))
        {
            if (s is not IMethodSymbol m) continue;
            foreach (AttributeData a in m.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() == Attribute && FromSymbol(m, a, out _) is CustomDerivative d) result.Add(d);
            }
        }
        return result;
    }

    /// <summary>
    /// Fills in custom derivatives for calls to non-[Differentiable] methods, or else an implicit helper's generated
    /// ones; null when one has neither.
    /// </summary>
    public static MethodModel? Resolve(MethodModel model, IReadOnlyList<CustomDerivative> customs)
    {
        bool ok = true;
        Call Fix(Call c)
        {
            if (c.Target.PullbackName.Length > 0) return c;
            string key = c.Target.PullbackReceiver;
            CustomDerivative? pb = customs.FirstOrDefault(d => d.TargetKey == key && d.IsPullback);
            CustomDerivative? pf = customs.FirstOrDefault(d => d.TargetKey == key && !d.IsPullback);
            if (pb is null && c.Target.Implicit)
            {
                // No hand-written derivative: the helper's own generated members (Lowering/ImplicitHelpers.cs).
                return c with { Target = c.Target with
                {
                    PullbackReceiver = c.Target.Receiver, PullbackName = c.Target.Method + "Pullback",
                    PushforwardReceiver = c.Target.Receiver, PushforwardName = c.Target.Method + "Pushforward",
                    Callee = key,
                } };
            }
            if (pb is null)
            {
                ok = false;
                return c;
            }
            return c with
            {
                Target = c.Target with
                {
                    PullbackReceiver = pb.Receiver, PullbackName = pb.Method,
                    PushforwardReceiver = pf?.Receiver ?? "", PushforwardName = pf?.Method ?? "",
                    TypeArguments = "",
                },
            };
        }
        var body = Ir.Rewrite(model.Body, e => e is Call c ? Fix(c) : e);
        return ok ? model with { Body = body } : null;
    }

    public static bool IsResolvable(string key, IReadOnlyList<CustomDerivative> customs) => customs.Any(d => d.TargetKey == key && d.IsPullback);
}
