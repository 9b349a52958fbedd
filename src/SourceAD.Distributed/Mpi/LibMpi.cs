using System.Reflection;
using System.Runtime.InteropServices;

namespace SourceAD.Distributed.Mpi;

/// <summary>
/// A thin P/Invoke binding of the few MPI calls SourceAD needs, against Open MPI's <c>libmpi.so.40</c>.
/// </summary>
/// <remarks>
/// Open MPI's handles (<c>MPI_COMM_WORLD</c>, <c>MPI_DOUBLE</c>, <c>MPI_SUM</c>, …) are not integers but the addresses
/// of exported global objects (<c>ompi_mpi_comm_world</c>, …): <see cref="Resolve"/> looks them up with
/// <see cref="NativeLibrary.GetExport"/>. Requests are pointers; <c>MPI_STATUS_IGNORE</c> is null. Why not the MPI.NET
/// package: see README.md.
/// </remarks>
internal static unsafe partial class LibMpi
{
    private const string Library = "libmpi.so.40";

    /// <summary>MPI_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>MPI_THREAD_SERIALIZED: any thread may call MPI, one at a time.</summary>
    public const int ThreadSerialized = 2;

    private static nint _handle;

    static LibMpi()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibMpi).Assembly, (name, _, _) => name == Library ? Load() : 0);
    }

    /// <summary>Loads libmpi once (libmpi.so.40, else the unversioned libmpi.so), or says what to install.</summary>
    public static nint Load()
    {
        if (_handle != 0)
        {
            return _handle;
        }
        foreach (string name in new[] { Library, "libmpi.so" })
        {
            if (NativeLibrary.TryLoad(name, out nint h))
            {
                return _handle = h;
            }
        }
        throw new DistributedException("Open MPI's libmpi.so.40 is not installed. Install it (Debian/Ubuntu: apt-get install -y openmpi-bin " +
            "libopenmpi-dev), or build a project that references SourceAD.Distributed as root, which installs it.");
    }

    /// <summary>The address of an Open MPI predefined handle object, e.g. <c>ompi_mpi_comm_world</c>.</summary>
    public static nint Resolve(string symbol) =>
        NativeLibrary.TryGetExport(Load(), symbol, out nint address)
            ? address
            : throw new DistributedException($"libmpi does not export '{symbol}': SourceAD.Distributed needs Open MPI (4.x), not another MPI implementation.");

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(int* argc, byte*** argv, int required, out int provided);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(nint comm, int errorCode);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(nint comm, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(nint comm, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(void* send, void* receive, int count, nint datatype, nint op, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Send")]
    public static partial int Send(void* buffer, int count, nint datatype, int destination, int tag, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Recv")]
    public static partial int Recv(void* buffer, int count, nint datatype, int source, int tag, nint comm, void* status);

    [LibraryImport(Library, EntryPoint = "MPI_Isend")]
    public static partial int Isend(void* buffer, int count, nint datatype, int destination, int tag, nint comm, out nint request);

    [LibraryImport(Library, EntryPoint = "MPI_Irecv")]
    public static partial int Irecv(void* buffer, int count, nint datatype, int source, int tag, nint comm, out nint request);

    [LibraryImport(Library, EntryPoint = "MPI_Wait")]
    public static partial int Wait(ref nint request, void* status);

    [LibraryImport(Library, EntryPoint = "MPI_Get_library_version")]
    public static partial int GetLibraryVersion(byte* version, out int length);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>Throws unless <paramref name="rc"/> is MPI_SUCCESS (with the default error handler MPI aborts first).</summary>
    public static void Check(int rc, string call)
    {
        if (rc != Success)
        {
            throw new DistributedException($"{call} failed with MPI error code {rc}.");
        }
    }
}
