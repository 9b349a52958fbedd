using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using SourceAD.Ilgpu;

namespace SourceAD.Backends.Tests.Ilgpu;

/// <summary>
/// Compiles every kernel to PTX without a GPU (ILGPU's PTX backend needs no device), so the CUDA path is checked on
/// machines without one: an intrinsic missing on CUDA (exp without ILGPU.Algorithms, say) fails here, not on a user's GPU.
/// </summary>
public sealed class IlgpuCudaCompileTests
{
    public static TheoryData<string> Kernels()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _) in Instantiations())
        {
            data.Add(name);
        }
        return data;
    }

    private static IEnumerable<(string Name, MethodInfo Method)> Instantiations()
    {
        Assembly assembly = typeof(IlgpuBackend).Assembly;
        Type f32 = assembly.GetType("SourceAD.Ilgpu.Kernels.F32", true)!, f64 = assembly.GetType("SourceAD.Ilgpu.Kernels.F64", true)!;
        Type tile16 = assembly.GetType("SourceAD.Ilgpu.Kernels.Tile16", true)!;
        foreach (Type type in assembly.GetTypes().Where(t => t.Namespace == "SourceAD.Ilgpu.Kernels" && !t.IsNested && t.IsAbstract && t.IsSealed))
        {
            Type owner = type.IsGenericTypeDefinition ? type.MakeGenericType(typeof(TestAdamUpdate)) : type;
            foreach (MethodInfo method in owner.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                bool kernel = method.GetParameters() is [{ ParameterType: var first }, ..] && (first == typeof(Index1D) || first == typeof(Index3D)) || method.Name == "Tiled";
                if (!kernel)
                {
                    continue;
                }
                if (!method.IsGenericMethodDefinition)
                {
                    yield return ($"{type.Name}.{method.Name}", method);
                    continue;
                }
                Type[] args = method.GetGenericArguments();
                if (args.Length == 1)
                {
                    yield return ($"{type.Name}.{method.Name}<float>", method.MakeGenericMethod(typeof(float)));
                    yield return ($"{type.Name}.{method.Name}<double>", method.MakeGenericMethod(typeof(double)));
                }
                else if (method.Name == "Tiled")
                {
                    yield return ($"{type.Name}.{method.Name}<float>", method.MakeGenericMethod(typeof(float), tile16));
                    yield return ($"{type.Name}.{method.Name}<double>", method.MakeGenericMethod(typeof(double), tile16));
                }
                else
                {
                    yield return ($"{type.Name}.{method.Name}<float>", method.MakeGenericMethod(typeof(float), f32));
                    yield return ($"{type.Name}.{method.Name}<double>", method.MakeGenericMethod(typeof(double), f64));
                }
            }
        }
    }

    [Fact]
    public void EveryKernelFamilyIsCovered()
    {
        string[] names = Instantiations().Select(i => i.Name).ToArray();
        Assert.True(names.Length >= 60, $"only {names.Length} kernels found");
        Assert.Contains("UpdateKernels`1.Float32", names);
        Assert.Contains("GemmKernels.Tiled<float>", names);
        Assert.Contains("SoftmaxKernels.Softmax<double>", names);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesToPtx(string name)
    {
        MethodInfo method = Instantiations().Single(i => i.Name == name).Method;
        using Context context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null);
        EntryPointDescription entry = method.Name == "Tiled"
            ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
            : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default);
        Assert.Contains(".entry", compiled.PTXAssembly);
        File.WriteAllText("/tmp/ptx_" + name.Replace("`", "_").Replace("<", "_").Replace(">", "_") + ".ptx", compiled.PTXAssembly);
    }
}
