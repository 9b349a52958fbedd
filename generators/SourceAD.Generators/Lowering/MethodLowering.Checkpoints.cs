using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Diagnostics;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

internal sealed partial class MethodLowering
{
    private const string CheckpointAttributeName = "SourceAD.CheckpointAttribute";

    /// <summary>
    /// The loops that <c>[Checkpoint("t")]</c> attributes name (PullbackEmitter.Checkpoint.cs reverses them under a
    /// binomial schedule). C# attributes cannot go on statements, so the method names the loop by its variable; each
    /// attribute that names no loop the pullback can checkpoint gets an SRCAD0001 at the attribute, with the rewrite.
    /// </summary>
    private List<CheckpointSpec> Checkpoints(MethodDeclarationSyntax syntax, List<Stmt> structured)
    {
        var specs = new List<CheckpointSpec>();
        foreach (AttributeData attribute in _method.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == CheckpointAttributeName))
        {
            Location at = attribute.ApplicationSyntaxReference?.GetSyntax(_ct).GetLocation() ?? syntax.Identifier.GetLocation();
            string? variable = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            int snapshots = attribute.NamedArguments.Where(n => n.Key == "Snapshots").Select(n => n.Value.Value is int v ? v : 0).FirstOrDefault();
            string what = $"[Checkpoint(\"{variable}\")]";
            if (variable is null || variable.Length == 0)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what, "name the variable of a counted for loop in this method, e.g. [Checkpoint(\"t\")] for for (int t = 0; t < steps; t++)");
                continue;
            }
            if (snapshots < 0)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what, "Snapshots must be at least 1 (or left out: ⌈√T⌉ slots for T steps)");
                continue;
            }
            var loops = syntax.DescendantNodes().OfType<ForStatementSyntax>().Where(f => Declares(f, variable)).ToList();
            if (loops.Count != 1)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what, loops.Count == 0
                    ? $"no for loop of this method declares or initializes '{variable}'; name the variable of a counted loop, for (int {variable} = 0; {variable} < steps; {variable}++)"
                    : $"{loops.Count} for loops of this method use the variable '{variable}'; rename them so that the attribute names one");
                continue;
            }
            ForStatementSyntax loop = loops[0];
            if (loop.Ancestors().TakeWhile(n => n != syntax).Any(n => n is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax
                or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                Report(DiagnosticDescriptors.Unsupported, at, what,
                    "the loop is nested inside another loop (or a lambda or local function); checkpoint the outer loop, or move the inner loop into a [Differentiable] method of its own, whose calls the reverse sweep reruns");
                continue;
            }
            if (EarlyExit(loop) is SyntaxNode exit)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what,
                    $"the loop has an early exit ('{exit.ToString().Trim()}'), so its trip count is not fixed at entry; run every step and mask the update instead (if (!done) {{ … }}), or checkpoint a loop without one");
                continue;
            }
            ISymbol? symbol = loop.Declaration?.Variables.Where(v => v.Identifier.ValueText == variable).Select(v => _semanticModel.GetDeclaredSymbol(v, _ct)).FirstOrDefault()
                ?? loop.Initializers.OfType<AssignmentExpressionSyntax>().Select(i => _semanticModel.GetSymbolInfo(i.Left, _ct).Symbol).FirstOrDefault(x => x?.Name == variable);
            string irName = symbol is not null && _names.TryGetValue(symbol, out string? n) ? n : variable;
            For? f = TopLevelFor(structured, irName);
            if (f is null)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what,
                    $"the loop over '{variable}' is not a counted loop (its variable is assigned in the body, or it does not step by a constant); write for ({variable} = start; {variable} < end; {variable} += step) with a body that leaves {variable} alone");
                continue;
            }
            if (CheckpointBodyProblem(f) is string problem)
            {
                Report(DiagnosticDescriptors.Unsupported, at, what, problem);
                continue;
            }
            specs.Add(new CheckpointSpec(f.Var, snapshots));
        }
        return specs;
    }

    private bool Declares(ForStatementSyntax f, string variable) =>
        f.Declaration?.Variables.Any(v => v.Identifier.ValueText == variable) == true ||
        f.Initializers.Any(i => i is AssignmentExpressionSyntax { Left: IdentifierNameSyntax id } && id.Identifier.ValueText == variable);

    /// <summary>A break, return, goto or throw that leaves <paramref name="loop"/> before its condition fails.</summary>
    private static SyntaxNode? EarlyExit(ForStatementSyntax loop) =>
        loop.Statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).FirstOrDefault(n =>
            n is ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax ||
            n is BreakStatementSyntax && !n.Ancestors().TakeWhile(a => a != loop).Any(a => a is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax or SwitchStatementSyntax));

    /// <summary>The counted loop over <paramref name="irName"/> outside every loop (inside ifs is fine: their sweeps run at depth 0).</summary>
    private static For? TopLevelFor(IEnumerable<Stmt> stmts, string irName)
    {
        foreach (Stmt s in stmts)
        {
            if (s is For f && f.Var == irName) return f;
            if (s is If i && (TopLevelFor(i.Then, irName) ?? TopLevelFor(i.Else, irName)) is For inner) return inner;
        }
        return null;
    }

    /// <summary>Why the body cannot be replayed from snapshots of flat arrays and scalars, or null.</summary>
    private string? CheckpointBodyProblem(For f)
    {
        foreach (Stmt s in Ir.Descendants(f.Body))
        {
            switch (s)
            {
                case NewArray na:
                    return $"the loop allocates '{na.Name}' in its body; allocate it once before the loop and overwrite it in each step";
                case Assign { Target: Ref t, Value: Ref v } when IsArrayName(t.Name) && IsArrayName(v.Name):
                    return $"the loop rebinds the array '{t.Name}' in its body; copy the entries instead (Array.Copy), so that a snapshot holds the contents";
                case Assign { Target: Elem el } when el.Inner.Count > 0 || el.Jagged || IsNestedName(el.Array):
                    return $"the loop writes the rectangular or jagged array '{el.Array}'; only scalars and one-dimensional arrays are snapshotted: use a flat array";
            }
        }
        return null;
    }

    private bool IsArrayName(string name) => _locals.Any(l => l.Name == name && l.IsArray);

    private bool IsNestedName(string name) => _locals.Any(l => l.Name == name && l.Layout != ArrayLayout.Flat);
}
