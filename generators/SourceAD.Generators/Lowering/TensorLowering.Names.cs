using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SourceAD.Generators.Lowering;

/// <summary>Names in the generated code: tensor variables, temporaries and non-tensor locals, none taking a generated name.</summary>
internal sealed partial class TensorLowering
{
    /// <summary>A new name <c>{hint}_{k}</c>, from one counter for the whole method, that no other name took.</summary>
    private string Fresh(string hint)
    {
        string name;
        do { name = $"{hint}_{_temp++}"; } while (_used.Contains(name));
        _used.Add(name);
        return name;
    }

    /// <summary>A new tensor variable for a nested call's value, named after the callee.</summary>
    private string Temp(IOperation call)
    {
        string hint = call is IInvocationOperation i ? char.ToLowerInvariant(i.TargetMethod.Name[0]) + i.TargetMethod.Name.Substring(1) : "t";
        string name = Fresh(hint);
        _variables.Add(name);
        return name;
    }

    /// <summary>The tensor variable of a user's tensor local (declared on first use).</summary>
    private string Declare(ILocalSymbol local)
    {
        if (!_locals.TryGetValue(local, out string? name))
        {
            // A user local keeps its name in generated code unless another scope already used it.
            name = _used.Add(local.Name) ? local.Name : Fresh(local.Name);
            _locals[local] = name;
            _variables.Add(name);
        }
        return name;
    }

    /// <summary>The generated name of a non-tensor local or loop index: its own unless a generated name (seed, tape, …) took it.</summary>
    private string PassiveName(ISymbol local)
    {
        if (_passiveNames.TryGetValue(local, out string? name)) return name;
        name = _used.Add(local.Name) ? local.Name : Fresh(local.Name);
        _passiveNames[local] = name;
        return name;
    }

    /// <summary>The generated names of non-tensor locals and loop indices.</summary>
    private readonly Dictionary<ISymbol, string> _passiveNames = new(SymbolEqualityComparer.Default);
}
