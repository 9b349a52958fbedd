namespace SourceAD.Samples;

/// <summary>
/// The command-line grammar every trainer sample shares: <c>--name value</c>, <c>--name=value</c> and bare flags, each
/// option at most once. Which names exist and what their values mean is each sample's own.
/// </summary>
public static class OptionTokens
{
    /// <summary>
    /// The options in <paramref name="args"/> by name (a flag's value is <c>"true"</c>); anything else throws the
    /// sample's usage error from <paramref name="usage"/>, naming the option.
    /// </summary>
    public static Dictionary<string, string> Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued, Func<string, Exception> usage)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw usage($"Unexpected argument '{arg}': options start with --. Run with --help for the list.");
            }
            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name))
            {
                if (value is not null)
                {
                    throw usage($"Option --{name} takes no value.");
                }
                value = "true";
            }
            else if (valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw usage($"Option --{name} needs a value.");
                    }
                    value = args[++i];
                }
            }
            else
            {
                throw usage($"Unknown option '--{name}'. Run with --help for the list.");
            }
            if (!values.TryAdd(name, value))
            {
                throw usage($"Option --{name} is given twice.");
            }
        }
        return values;
    }
}
