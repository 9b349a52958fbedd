using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Calls of <c>[Conditional]</c> methods as statements: <c>Debug.Assert(r0 &lt; n)</c>, <c>Debug.WriteLine(…)</c>,
/// <c>Trace.Assert(…)</c> (GradBench's det asserts, gap G3). C# itself removes such a call, arguments and all, wherever
/// its symbol is undefined, so a program's values never depend on it; derivative code leaves it out the same way. A
/// call whose arguments assign anything is different: with the symbol defined the assignment happens, so the
/// derivative code would compute other values. It keeps the usual refusal.
/// </summary>
internal sealed partial class MethodLowering
{
    private const string ConditionalAttribute = "System.Diagnostics.ConditionalAttribute";

    /// <summary>
    /// True when <paramref name="call"/> is a [Conditional] call, which derivative code leaves out; one whose arguments
    /// assign is reported instead.
    /// </summary>
    private bool LowerConditionalCall(IInvocationOperation call)
    {
        if (!call.TargetMethod.ReturnsVoid || !call.TargetMethod.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConditionalAttribute)) return false;
        if (call.Descendants().Any(op => op is IAssignmentOperation or IIncrementOrDecrementOperation))
        {
            Unsupported(call, $"The [Conditional] call '{Short(call)}', whose arguments assign,", "assign before the call and pass the value: derivative code leaves [Conditional] calls out");
        }
        return true;
    }
}
