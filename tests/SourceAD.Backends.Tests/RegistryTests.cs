using System.Reflection;
using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

/// <summary>The op registry (<see cref="OpSpecs"/>) against the <see cref="Ops"/> methods it names.</summary>
public class RegistryTests
{
    public static TheoryData<string> Names() => new(OpSpecs.All.Select(s => s.Name));

    /// <summary>
    /// The primal's parameters are the row's inputs then attributes, by name and in order (the generator keys the
    /// user's arguments by these names), and where the primal declares a default it is the registry's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void RegistryMatchesOps(string name)
    {
        OpSpec spec = OpSpecs.All.Single(s => s.Name == name);
        string[] expected = spec.Inputs.Concat(spec.Attributes.Select(a => a.Name)).ToArray();
        MethodInfo[] primals = typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == name && m.GetParameters().Length == expected.Length).ToArray();
        Assert.True(primals.Length == 1, $"Ops.{name} with {expected.Length} parameters: {primals.Length} public methods.");
        ParameterInfo[] ps = primals[0].GetParameters();
        Assert.Equal(expected, ps.Select(p => p.Name));
        foreach ((OpAttributeSpec a, ParameterInfo p) in spec.Attributes.Zip(ps.Skip(spec.Inputs.Length)))
        {
            Assert.True(a.Required != p.HasDefaultValue,
                $"Ops.{name}'s {p.Name}: the registry says {(a.Required ? "required" : "default " + a.Default)}, Ops {(p.HasDefaultValue ? "default " + p.DefaultValue : "required")}.");
            if (!a.Required && p.HasDefaultValue)
            {
                Assert.Equal(a.Default is null ? (double?)null : Convert.ToDouble(a.Default), p.DefaultValue is null ? (double?)null : Convert.ToDouble(p.DefaultValue));
            }
        }
        Assert.All(spec.Differentiable, d => Assert.Contains(d, spec.Inputs));
        Assert.True(OpTable.All.ContainsKey(name), "the runtime binds every row");
    }
}
