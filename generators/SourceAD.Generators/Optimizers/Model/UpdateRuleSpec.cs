using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Optimizers.Model;

/// <summary>
/// Everything the emitter needs for one update rule, as plain values. It holds no symbol and no syntax node,
/// so the pipeline can compare it structurally and skip regeneration when it has not changed.
/// </summary>
/// <param name="Namespace">The containing namespace, or empty for the global namespace.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="MethodName">The rule method's name; the step is named <c>{MethodName}Step</c>.</param>
/// <param name="Accessibility">The rule's accessibility keyword(s), reused for the step.</param>
/// <param name="TypeParameter">The rule's element type parameter, or null for a concrete element type.</param>
/// <param name="ConstraintTypes">Fully qualified constraint types of <paramref name="TypeParameter"/>.</param>
/// <param name="ElementType">The element type as written in generated code (<c>T</c> or a global:: name).</param>
/// <param name="Parameters">The rule's parameters in declaration order.</param>
/// <param name="VectorBody">The rule body rewritten over Vector&lt;T&gt;, one statement a line.</param>
/// <param name="Diagnostics">Problems found; when any exist, no step is emitted for this rule.</param>
internal sealed record UpdateRuleSpec(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string MethodName,
    string Accessibility,
    string? TypeParameter,
    EquatableArray<string> ConstraintTypes,
    string ElementType,
    EquatableArray<RuleParameter> Parameters,
    EquatableArray<string> VectorBody,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The hint name, deterministic and unique per rule method.</summary>
    public string HintName
    {
        get
        {
            var type = string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => StripTypeArguments(t.Name)));
            var prefix = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            return prefix + type + "." + MethodName + ".UpdateRule.g.cs";
        }
    }

    private static string StripTypeArguments(string name)
    {
        var lt = name.IndexOf('<');
        return lt < 0 ? name : name.Substring(0, lt) + "`" + (name.Split(',').Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
