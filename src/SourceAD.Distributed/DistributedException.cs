namespace SourceAD.Distributed;

/// <summary>A distributed run cannot go on: MPI is missing, the launcher is missing, or the ranks disagree.</summary>
public class DistributedException : Exception
{
    /// <summary>An error with a message.</summary>
    public DistributedException(string message) : base(message)
    {
    }

    /// <summary>An error with a message and its cause.</summary>
    public DistributedException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// An error every rank raises together, at the same point, with the same message (see
/// <see cref="Communicator.Agree"/>): the job may shut down cleanly, with no rank left waiting.
/// </summary>
public sealed class CollectiveException : DistributedException
{
    /// <summary>The error raised on every rank; <paramref name="rank"/> is the lowest rank that found it.</summary>
    public CollectiveException(int rank, string message) : base(message)
    {
        Rank = rank;
    }

    /// <summary>The lowest rank that found the error (its message is the one reported).</summary>
    public int Rank { get; }
}
