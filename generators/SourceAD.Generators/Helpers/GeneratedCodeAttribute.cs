using System.Reflection;

namespace SourceAD.Generators.Helpers;

/// <summary>
/// The <c>[GeneratedCode]</c> attribute every generated member carries, with this assembly's product name (SourceAD, set
/// in the project file) and version (the repository's <c>Version</c>), so it can never disagree with what generated it.
/// </summary>
internal static class GeneratedCodeAttribute
{
    /// <summary>The attribute as C# text.</summary>
    public static string Text { get; } = Build();

    private static string Build()
    {
        Assembly assembly = typeof(GeneratedCodeAttribute).Assembly;
        string tool = assembly.GetCustomAttribute<AssemblyProductAttribute>()?.Product ?? assembly.GetName().Name;
        string version = assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return $"[global::System.CodeDom.Compiler.GeneratedCode(\"{tool}\", \"{version}\")]";
    }
}
