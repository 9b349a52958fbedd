namespace SourceAD.Tests.Tensors;

internal static class RepoPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds SourceAD.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SourceAD.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("SourceAD.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string MnistData => Path.Combine(Root, "samples", "MnistLeNet", "Data");
}
