using System.Runtime.CompilerServices;

// ILGPU's IL backend (the CPU accelerator) emits a dynamic assembly that must see the internal kernel and argument types.
[assembly: InternalsVisibleTo("ILGPURuntime")]
[assembly: InternalsVisibleTo("SourceAD.Backends.Tests")]
