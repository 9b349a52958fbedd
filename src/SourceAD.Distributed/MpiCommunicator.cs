using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using SourceAD.Distributed.Mpi;

namespace SourceAD.Distributed;

/// <summary>
/// <c>MPI_COMM_WORLD</c> of a job started by <c>mpirun</c> (Open MPI), through <see cref="LibMpi"/>. Create it once per
/// process with <see cref="Initialize"/>; <see cref="Dispose"/> finalizes MPI.
/// </summary>
/// <remarks>
/// MPI is initialized with <c>MPI_THREAD_SERIALIZED</c>: any thread may call it, one at a time (a trainer calls it from
/// its training loop only). Before <c>MPI_Init</c> the process sets <c>OMPI_MCA_opal_signal</c> to empty unless the
/// user set it: Open MPI's default SIGSEGV/SIGBUS/SIGFPE handlers would replace the .NET runtime's, which turns every
/// NullReferenceException into a crash of the rank.
/// </remarks>
public sealed unsafe class MpiCommunicator : Communicator
{
    private static MpiCommunicator? _world;
    private readonly nint _comm;
    private readonly nint _byte, _int, _float, _double, _sum, _min;
    private bool _finalized;

    private MpiCommunicator()
    {
        _comm = LibMpi.Resolve("ompi_mpi_comm_world");
        _byte = LibMpi.Resolve("ompi_mpi_byte");
        _int = LibMpi.Resolve("ompi_mpi_int");
        _float = LibMpi.Resolve("ompi_mpi_float");
        _double = LibMpi.Resolve("ompi_mpi_double");
        _sum = LibMpi.Resolve("ompi_mpi_op_sum");
        _min = LibMpi.Resolve("ompi_mpi_op_min");
        LibMpi.Check(LibMpi.CommRank(_comm, out int rank), "MPI_Comm_rank");
        LibMpi.Check(LibMpi.CommSize(_comm, out int size), "MPI_Comm_size");
        (Rank, Size) = (rank, size);
        Library = ReadLibraryVersion();
    }

    /// <summary>
    /// True when this process was started by an MPI launcher (<c>mpirun</c>/<c>mpiexec</c>): Open MPI sets
    /// <c>OMPI_COMM_WORLD_SIZE</c>, PMIx launchers <c>PMIX_RANK</c>, Hydra <c>PMI_RANK</c>.
    /// </summary>
    public static bool IsLaunched =>
        new[] { "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    /// <summary>
    /// Initializes MPI and returns the world (the same object on later calls). Throws
    /// <see cref="DistributedException"/> when the process was not started by <c>mpirun</c> (naming the launcher and the
    /// wrapper script) or when Open MPI is not installed.
    /// </summary>
    public static MpiCommunicator Initialize()
    {
        if (_world is { } world)
        {
            return world;
        }
        if (!IsLaunched)
        {
            throw new DistributedException("A distributed run must be started by the MPI launcher, mpirun (Open MPI): this process has no " +
                "OMPI_COMM_WORLD_SIZE/PMIX_RANK in its environment. Start it as `sourcead-mpirun.sh -np N dotnet App.dll …` " +
                "(the wrapper in src/SourceAD.Distributed/buildTransitive, also copied next to the app; it adds the flags mpirun needs " +
                "here) or `mpirun -np N dotnet App.dll …`.");
        }
        LibMpi.Load();
        // Keep the .NET runtime's signal handlers (see remarks); the user's setting wins.
        LibMpi.SetEnv("OMPI_MCA_opal_signal", "", overwrite: 0);
        LibMpi.Check(LibMpi.Initialized(out int initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            LibMpi.Check(LibMpi.InitThread(null, null, LibMpi.ThreadSerialized, out int provided), "MPI_Init_thread");
            if (provided < LibMpi.ThreadSerialized)
            {
                throw new DistributedException($"MPI provides thread level {provided}; SourceAD.Distributed needs MPI_THREAD_SERIALIZED (2).");
            }
        }
        return _world = new MpiCommunicator();
    }

    /// <inheritdoc/>
    public override int Rank { get; }

    /// <inheritdoc/>
    public override int Size { get; }

    /// <summary>The MPI library's version line, e.g. "Open MPI v4.1.4, package: Debian OpenMPI, …".</summary>
    public string Library { get; }

    /// <inheritdoc/>
    public override string Description => $"{Library.Split(',')[0]}, rank {Rank} of {Size}";

    /// <inheritdoc/>
    public override void Barrier() => LibMpi.Check(LibMpi.Barrier(_comm), "MPI_Barrier");

    /// <inheritdoc/>
    public override void Broadcast<T>(Span<T> data, int root)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(data);
        fixed (byte* p = bytes)
        {
            LibMpi.Check(LibMpi.Bcast(p, bytes.Length, _byte, root, _comm), "MPI_Bcast");
        }
    }

    /// <inheritdoc/>
    public override void Send<T>(ReadOnlySpan<T> data, int destination, int tag)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(data);
        fixed (byte* p = bytes)
        {
            LibMpi.Check(LibMpi.Send(p, bytes.Length, _byte, destination, tag, _comm), "MPI_Send");
        }
    }

    /// <inheritdoc/>
    public override void Receive<T>(Span<T> data, int source, int tag)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(data);
        fixed (byte* p = bytes)
        {
            LibMpi.Check(LibMpi.Recv(p, bytes.Length, _byte, source, tag, _comm, null), "MPI_Recv");
        }
    }

    /// <inheritdoc/>
    public override Transfer StartSend<T>(ReadOnlyMemory<T> data, int destination, int tag)
    {
        MemoryHandle pin = data.Pin();
        LibMpi.Check(LibMpi.Isend(pin.Pointer, data.Length * sizeof(T), _byte, destination, tag, _comm, out nint request), "MPI_Isend");
        return new MpiTransfer(request, pin);
    }

    /// <inheritdoc/>
    public override Transfer StartReceive<T>(Memory<T> data, int source, int tag)
    {
        MemoryHandle pin = data.Pin();
        LibMpi.Check(LibMpi.Irecv(pin.Pointer, data.Length * sizeof(T), _byte, source, tag, _comm, out nint request), "MPI_Irecv");
        return new MpiTransfer(request, pin);
    }

    /// <inheritdoc/>
    public override void AllReduceSum<T>(Span<T> data)
    {
        nint type = typeof(T) == typeof(double) ? _double
            : typeof(T) == typeof(float) ? _float
            : throw new NotSupportedException($"AllReduceSum supports float and double, not {typeof(T).Name}.");
        fixed (T* p = data)
        {
            // MPI_IN_PLACE is ((void*)1) in Open MPI.
            LibMpi.Check(LibMpi.Allreduce((void*)1, p, data.Length, type, _sum, _comm), "MPI_Allreduce");
        }
    }

    /// <inheritdoc/>
    public override int AllReduceMin(int value)
    {
        int result;
        LibMpi.Check(LibMpi.Allreduce(&value, &result, 1, _int, _min, _comm), "MPI_Allreduce");
        return result;
    }

    /// <summary>
    /// Ends the whole job now: MPI kills every rank and mpirun reports "MPI_ABORT was invoked on rank R". For errors
    /// only this rank knows about, which would otherwise leave the other ranks waiting for it.
    /// </summary>
    public void Abort(int errorCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        LibMpi.Abort(_comm, errorCode);
    }

    /// <summary>Finalizes MPI (collective: every rank must call it).</summary>
    public override void Dispose()
    {
        if (!_finalized)
        {
            _finalized = true;
            LibMpi.Finalize();
        }
        base.Dispose();
    }

    private static string ReadLibraryVersion()
    {
        byte* buffer = stackalloc byte[4096]; // MPI_MAX_LIBRARY_VERSION_STRING is 256 in Open MPI; leave room.
        return LibMpi.GetLibraryVersion(buffer, out int length) == LibMpi.Success
            ? Encoding.UTF8.GetString(buffer, length).Trim('\0', ' ', '\n')
            : "MPI";
    }

    private sealed class MpiTransfer(nint request, MemoryHandle pin) : Transfer
    {
        private nint _request = request;
        private MemoryHandle _pin = pin;

        public override void Wait()
        {
            if (_request != 0)
            {
                LibMpi.Check(LibMpi.Wait(ref _request, null), "MPI_Wait");
                _request = 0;
                _pin.Dispose();
            }
        }
    }
}
