using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Xunit;

namespace SourceAD.Tests.Support;

/// <summary>
/// The value oracle: the Value that a method's generated Gradient, Pullback and Pushforward return equals, bit for bit,
/// what the user's own method returns on the same arguments (for a vector-output method, the outputs it writes). One
/// line per program: <c>ValueOracle.Check(typeof(P), nameof(P.F), x, y)</c>, with arrays for array and span parameters.
/// Derivative arguments are zeros (seed 1), since only the values are compared. Calls go through a small dynamic method
/// because spans and <c>ref</c> adjoints cannot pass through reflection's <c>Invoke</c>. Linked into
/// SourceAD.Generators.Tests, whose random programs use it too.
/// </summary>
public static class ValueOracle
{
    /// <summary>Checks a static (or, with <paramref name="target"/>, instance) method and its generated forms.</summary>
    public static void Check(Type type, string method, params object?[] args) => CheckWith(type, null, method, Type.EmptyTypes, args);

    /// <summary>As above, for an instance method or a generic method at <paramref name="typeArguments"/>.</summary>
    public static void CheckWith(Type type, object? target, string method, Type[] typeArguments, params object?[] args)
    {
        MethodInfo primal = Find(type, method, args.Length, typeArguments)
            ?? throw new InvalidOperationException($"No method {type.Name}.{method} with {args.Length} parameters");
        ParameterInfo[] ps = primal.GetParameters();
        object?[] primalArgs = Copy(args);
        object? expected = Invoke(primal, target, primalArgs);
        List<object?> expectedOutputs = OutputsOf(ps, primalArgs);

        void Compare(string form, object? value, object?[] callArgs)
        {
            if (primal.ReturnType != typeof(void)) AssertBits(expected, value, $"{type.Name}.{method}: {form}.Value");
            List<object?> written = OutputsOf(ps, callArgs);
            for (int i = 0; i < written.Count; i++)
            {
                var a = (Array)expectedOutputs[i]!;
                var b = (Array)written[i]!;
                for (int k = 0; k < a.Length; k++) AssertBits(a.GetValue(k), b.GetValue(k), $"{type.Name}.{method}: {form} output entry {k}");
            }
        }

        if (Find(type, method + "Gradient", args.Length, typeArguments) is MethodInfo gradient)
        {
            object?[] callArgs = Copy(args);
            Compare("Gradient", Item0(Invoke(gradient, target, callArgs)), callArgs);
        }
        if (Derivative(type, method + "Pullback", primal, typeArguments) is MethodInfo pullback)
        {
            object?[] callArgs = DerivativeArgs(pullback, ps, args, seed: true);
            Compare("Pullback", Invoke(pullback, target, callArgs), callArgs);
        }
        else
        {
            Assert.Fail($"{type.Name}.{method} has no generated Pullback");
        }
        if (Derivative(type, method + "Pushforward", primal, typeArguments) is MethodInfo pushforward)
        {
            object?[] callArgs = DerivativeArgs(pushforward, ps, args, seed: false);
            object? result = Invoke(pushforward, target, callArgs);
            Compare("Pushforward", primal.ReturnType == typeof(void) ? null : Item0(result), callArgs);
        }
        else
        {
            Assert.Fail($"{type.Name}.{method} has no generated Pushforward");
        }
    }

    private static MethodInfo? Find(Type type, string name, int arity, Type[] typeArguments)
    {
        MethodInfo? m = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == name && m.GetParameters().Length == arity && m.GetGenericArguments().Length == typeArguments.Length);
        return m is not null && typeArguments.Length > 0 ? m.MakeGenericMethod(typeArguments) : m;
    }

    /// <summary>The generated derivative whose leading parameters are the primal's.</summary>
    private static MethodInfo? Derivative(Type type, string name, MethodInfo primal, Type[] typeArguments)
    {
        ParameterInfo[] ps = primal.GetParameters();
        foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
                     .Where(m => m.Name == name && m.GetGenericArguments().Length == typeArguments.Length && m.GetParameters().Length > ps.Length))
        {
            MethodInfo closed = typeArguments.Length > 0 ? m.MakeGenericMethod(typeArguments) : m;
            if (closed.GetParameters().Take(ps.Length).Select(p => p.ParameterType).SequenceEqual(ps.Select(p => p.ParameterType))) return closed;
        }
        return null;
    }

    /// <summary>Primal arguments, then zero adjoints or tangents (a unit seed first for a pullback) shaped like their parameters.</summary>
    private static object?[] DerivativeArgs(MethodInfo derivative, ParameterInfo[] primal, object?[] args, bool seed)
    {
        var result = new List<object?>(Copy(args));
        bool seeded = false;
        foreach (ParameterInfo p in derivative.GetParameters().Skip(primal.Length))
        {
            Type t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
            if (IsSpan(t, out _))
            {
                Type element = t.GetGenericArguments()[0];
                int length = LengthOf(p.Name!, primal, args);
                var array = Array.CreateInstance(element, length);
                if (seed && !seeded && p.Name!.StartsWith("seed", StringComparison.Ordinal)) for (int k = 0; k < length; k++) array.SetValue(One(element), k);
                result.Add(array);
            }
            else if (seed && !seeded && p.Name!.StartsWith("seed", StringComparison.Ordinal))
            {
                result.Add(One(t));
                seeded = true;
            }
            else
            {
                result.Add(Activator.CreateInstance(t));
            }
        }
        return result.ToArray();
    }

    /// <summary>The length of the primal array a derivative span belongs to: <c>dx</c>/<c>dx_</c>/<c>seedX</c> → <c>x</c>.</summary>
    private static int LengthOf(string derivativeName, ParameterInfo[] primal, object?[] args)
    {
        string name = derivativeName.TrimEnd('_');
        for (int i = 0; i < primal.Length; i++)
        {
            string p = primal[i].Name!;
            if (name == "d" + p || name == "seed" + char.ToUpperInvariant(p[0]) + p.Substring(1)) return ((Array)args[i]!).Length;
        }
        return args.OfType<Array>().Select(a => a.Length).DefaultIfEmpty(0).Max();
    }

    private static object One(Type t) => t == typeof(double) ? 1.0 : t == typeof(float) ? 1f : t == typeof(Half) ? (Half)1 : Convert.ChangeType(1, t);

    private static object?[] Copy(object?[] args) => args.Select(a => a is Array arr ? arr.Clone() : a).ToArray();

    private static List<object?> OutputsOf(ParameterInfo[] ps, object?[] args) =>
        ps.Select((p, i) => (p, i)).Where(x => IsSpan(x.p.ParameterType, out bool ro) && !ro).Select(x => args[x.i]).ToList();

    private static object? Item0(object? tuple) => tuple is ITuple t ? t[0] : throw new InvalidOperationException("Not a tuple: " + tuple);

    private static void AssertBits(object? expected, object? actual, string what)
    {
        long Bits(object? v) => v switch
        {
            double d => BitConverter.DoubleToInt64Bits(d),
            float f => BitConverter.SingleToInt32Bits(f),
            Half h => BitConverter.HalfToInt16Bits(h),
            _ => throw new InvalidOperationException($"{what}: not a floating value: {v}"),
        };
        Assert.True(Bits(expected) == Bits(actual), $"{what}: the method returns {expected:R}, the generated code {actual:R}");
    }

    private static bool IsSpan(Type t, out bool readOnly)
    {
        readOnly = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>);
        return readOnly || t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Span<>);
    }

    /// <summary>
    /// Calls <paramref name="m"/> with <paramref name="args"/>: arrays become spans, <c>ref</c> arguments go through
    /// locals and are written back.
    /// </summary>
    private static object? Invoke(MethodInfo m, object? target, object?[] args)
    {
        ParameterInfo[] ps = m.GetParameters();
        var dm = new DynamicMethod("Call" + m.Name, typeof(object), new[] { typeof(object), typeof(object?[]) }, typeof(ValueOracle).Module, skipVisibility: true);
        ILGenerator il = dm.GetILGenerator();
        var locals = new LocalBuilder?[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            if (!ps[i].ParameterType.IsByRef) continue;
            Type element = ps[i].ParameterType.GetElementType()!;
            locals[i] = il.DeclareLocal(element);
            LoadArg(il, i);
            il.Emit(OpCodes.Unbox_Any, element);
            il.Emit(OpCodes.Stloc, locals[i]!);
        }
        if (!m.IsStatic)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(m.DeclaringType!.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, m.DeclaringType);
        }
        for (int i = 0; i < ps.Length; i++)
        {
            Type t = ps[i].ParameterType;
            if (t.IsByRef)
            {
                il.Emit(OpCodes.Ldloca, locals[i]!);
            }
            else if (IsSpan(t, out _))
            {
                Type array = t.GetGenericArguments()[0].MakeArrayType();
                LoadArg(il, i);
                il.Emit(OpCodes.Castclass, array);
                il.Emit(OpCodes.Call, t.GetMethod("op_Implicit", new[] { array })!);
            }
            else
            {
                LoadArg(il, i);
                il.Emit(OpCodes.Unbox_Any, t);
            }
        }
        il.Emit(m.IsStatic ? OpCodes.Call : OpCodes.Callvirt, m);
        LocalBuilder? result = null;
        if (m.ReturnType != typeof(void))
        {
            result = il.DeclareLocal(typeof(object));
            il.Emit(OpCodes.Box, m.ReturnType);
            il.Emit(OpCodes.Stloc, result);
        }
        for (int i = 0; i < ps.Length; i++)
        {
            if (locals[i] is null) continue;
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldloc, locals[i]!);
            il.Emit(OpCodes.Box, locals[i]!.LocalType);
            il.Emit(OpCodes.Stelem_Ref);
        }
        if (result is null) il.Emit(OpCodes.Ldnull);
        else il.Emit(OpCodes.Ldloc, result);
        il.Emit(OpCodes.Ret);
        var call = (Func<object?, object?[], object?>)dm.CreateDelegate(typeof(Func<object?, object?[], object?>));
        return call(target, args);
    }

    private static void LoadArg(ILGenerator il, int i)
    {
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4, i);
        il.Emit(OpCodes.Ldelem_Ref);
    }
}
