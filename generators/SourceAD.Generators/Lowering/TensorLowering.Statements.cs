using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>Statements: declarations and assignments of tensor locals, blocks, <c>if</c>/<c>else</c>, and non-tensor locals (emitted as written).</summary>
internal sealed partial class TensorLowering
{
    /// <summary>Lowers one statement into <see cref="_current"/>.</summary>
    private void Statement(IOperation op)
    {
        _ct.ThrowIfCancellationRequested();
        switch (op)
        {
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclaratorOperation d in group.Declarations.SelectMany(d => d.Declarators))
                {
                    IOperation? init = d.GetVariableInitializer()?.Value ?? d.Initializer?.Value;
                    if (IsTensor(d.Symbol.Type))
                    {
                        if (init is null) { Declare(d.Symbol); continue; } // Tensor h; assigned later (C# checks definite assignment)
                        Bind(d.Symbol, init);
                    }
                    else
                    {
                        Passive(d, init);
                    }
                }
                return;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assign } when IsTensor(local.Local.Type):
                if (!_locals.ContainsKey(local.Local))
                {
                    Report(op.Syntax.GetLocation(), $"The assignment '{op.Syntax}'", "declare the tensor local with an initializer first");
                    return;
                }
                Bind(local.Local, assign.Value);
                return;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IParameterReferenceOperation p } assign } when _locals.TryGetValue(p.Parameter, out string? variable):
                Expression(assign.Value, variable);
                return;
            case IBlockOperation block:
                foreach (IOperation s in block.Operations) Statement(s);
                return;
            case IForLoopOperation loop:
                For(loop);
                return;
            case IForEachLoopOperation each:
                ForEach(each);
                return;
            case IConditionalOperation conditional when !conditional.IsRef && conditional.Type is null or { SpecialType: SpecialType.System_Void } && conditional.Syntax is IfStatementSyntax:
                If(conditional);
                return;
            case IEmptyOperation:
                return;
            case IReturnOperation:
                Report(op.Syntax.GetLocation(), "A return inside a loop or branch of a tensor method", "assign the value to a tensor local and return it at the end of the method");
                return;
            default:
                Report(op.Syntax.GetLocation(), $"The statement '{op.Syntax}'",
                    "a tensor method is made of 'var h = Ops.X(...)' statements, counted for loops and if/else on non-tensor conditions, ending in a return");
                return;
        }
    }

    /// <summary><c>if</c>/<c>else</c> on a non-tensor condition, repeated as written; its outcome is recorded for the reverse sweep.</summary>
    private void If(IConditionalOperation conditional)
    {
        if (!CheckPassiveText(conditional.Condition)) return;
        if (conditional.Condition.DescendantsAndSelf().Any(o => o.Type is { } t && IsTensor(t)))
        {
            Report(conditional.Condition.Syntax.GetLocation(), $"The tensor condition '{conditional.Condition.Syntax}'", "branch on non-tensor values (a bool field, an int); a branch on tensor values is not differentiable");
            return;
        }
        var outer = _current;
        HashSet<string> before = EnterBranches();
        _branchDepth++;
        _current = new List<TensorNode>();
        Statement(conditional.WhenTrue);
        var then = _current;
        HashSet<string> afterThen = EnterElse(before);
        _current = new List<TensorNode>();
        if (conditional.WhenFalse is not null) Statement(conditional.WhenFalse);
        var otherwise = _current;
        _branchDepth--;
        JoinBranches(afterThen);
        _current = outer;
        _current.Add(new TensorIf(_ids++, Verbatim(conditional.Condition), _loopDepth > 0, then.ToEquatable(), otherwise.ToEquatable()));
    }

    /// <summary>A tensor local takes the value of <paramref name="value"/>.</summary>
    private void Bind(ILocalSymbol local, IOperation value) => Expression(value, Declare(local));

    /// <summary>A non-tensor local: allowed at the top level when never reassigned (emitted as written).</summary>
    private void Passive(IVariableDeclaratorOperation d, IOperation? init)
    {
        if (_loopDepth > 0 || _branchDepth > 0)
        {
            Report(d.Syntax.GetLocation(), $"The non-tensor local '{d.Symbol.Name}' inside a loop or branch", "declare non-tensor locals at the top of the method");
            return;
        }
        if (init is null || WritesTo(d.Symbol))
        {
            Report(d.Syntax.GetLocation(), $"The non-tensor local '{d.Symbol.Name}'", "non-tensor locals of a tensor method are initialized once and never reassigned (the reverse sweep reads them again)");
            return;
        }
        if (!CheckPassiveText(init)) return;
        _passiveLocals.Add(d.Symbol);
        string name = PassiveName(d.Symbol);
        _current.Add(new TensorPassive($"{TypeClassifier.Text(d.Symbol.Type)} {name} = {Verbatim(init)};"));
    }

    /// <summary>Whether the method writes <paramref name="local"/> anywhere (assigned, incremented, passed by ref or out).</summary>
    private bool WritesTo(ISymbol local)
    {
        IOperation? root = _model.GetOperation(((MethodDeclarationSyntax)_method.DeclaringSyntaxReferences[0].GetSyntax(_ct)), _ct);
        if (root is null) return false;
        foreach (IOperation o in root.Descendants())
        {
            IOperation? target = o switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation inc => inc.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local)) return true;
            if (o is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } arg && arg.Value is ILocalReferenceOperation r &&
                SymbolEqualityComparer.Default.Equals(r.Local, local)) return true;
        }
        return false;
    }
}
