using SourceAD.Generators.Diagnostics;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SourceAD.Generators.Optimizers.Model;

namespace SourceAD.Generators.Optimizers;

/// <summary>
/// Rewrites a scalar update-rule body over <c>Vector&lt;T&gt;</c>. Every identifier of the rule becomes a
/// vector local named <see cref="VectorName"/>; scalars are broadcast once before the loop by the emitter.
/// Whatever it cannot translate faithfully is reported, never guessed.
/// </summary>
internal sealed class VectorBodyTranslator
{
    private const string Vector = "global::System.Numerics.Vector";

    private readonly SemanticModel model;
    private readonly IMethodSymbol method;
    private readonly ITypeSymbol elementType;
    private readonly string elementTypeName;
    private readonly CancellationToken cancellationToken;
    private readonly HashSet<ILocalSymbol> locals = new(SymbolEqualityComparer.Default);

    public VectorBodyTranslator(SemanticModel model, IMethodSymbol method, ITypeSymbol elementType, string elementTypeName, CancellationToken cancellationToken)
    {
        this.model = model;
        this.method = method;
        this.elementType = elementType;
        this.elementTypeName = elementTypeName;
        this.cancellationToken = cancellationToken;
    }

    public List<string> Lines { get; } = new();

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>Names of the state parameters the body assigns, so only they are stored back.</summary>
    public HashSet<string> WrittenParameters { get; } = new();

    /// <summary>The vector local that stands for a rule identifier inside the generated loop.</summary>
    public static string VectorName(string identifier) => "__v_" + identifier.TrimStart('@');

    public void TranslateBody(BlockSyntax? block, ArrowExpressionClauseSyntax? arrow)
    {
        if (block is not null)
        {
            foreach (var statement in block.Statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TranslateStatement(statement);
            }
        }
        else if (arrow is not null)
        {
            TranslateExpressionStatement(arrow.Expression);
        }
    }

    private void TranslateStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax declaration when declaration.Modifiers.Count == 0:
                TranslateDeclaration(declaration.Declaration);
                break;
            case ExpressionStatementSyntax expressionStatement:
                TranslateExpressionStatement(expressionStatement.Expression);
                break;
            case EmptyStatementSyntax:
                break;
            default:
                Report(statement, Describe(statement));
                break;
        }
    }

    private void TranslateDeclaration(VariableDeclarationSyntax declaration)
    {
        foreach (var variable in declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable, cancellationToken) is not ILocalSymbol local
                || !IsElement(local.Type))
            {
                Report(variable, "a local that is not of the rule's element type");
                continue;
            }

            if (variable.Initializer is null)
            {
                Report(variable, "a local without an initializer");
                continue;
            }

            var value = TranslateElementExpression(variable.Initializer.Value);
            locals.Add(local);
            if (value is not null)
            {
                Lines.Add("var " + VectorName(local.Name) + " = " + value + ";");
            }
        }
    }

    private void TranslateExpressionStatement(ExpressionSyntax expression)
    {
        if (expression is not AssignmentExpressionSyntax assignment)
        {
            Report(expression, "an expression statement that is not an assignment");
            return;
        }

        var op = assignment.Kind() switch
        {
            SyntaxKind.SimpleAssignmentExpression => "=",
            SyntaxKind.AddAssignmentExpression => "+=",
            SyntaxKind.SubtractAssignmentExpression => "-=",
            SyntaxKind.MultiplyAssignmentExpression => "*=",
            SyntaxKind.DivideAssignmentExpression => "/=",
            _ => null,
        };
        if (op is null)
        {
            Report(assignment, "the assignment operator '" + assignment.OperatorToken.Text + "'");
            return;
        }

        if (assignment.Left is not IdentifierNameSyntax target)
        {
            Report(assignment.Left, "an assignment target that is not a local or a state parameter");
            return;
        }

        // Assigning a read-only parameter is itself a compile error, which leaves the symbol as a candidate.
        var info = model.GetSymbolInfo(target, cancellationToken);
        var symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
        if (symbol is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
        {
            if (parameter.RefKind != RefKind.Ref)
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UpdateRuleReadOnlyAssignment, target.GetLocation(), parameter.Name));
                return;
            }

            WrittenParameters.Add(parameter.Name);
        }
        else if (symbol is not ILocalSymbol local || !locals.Contains(local))
        {
            Report(target, "assigning '" + target.Identifier.Text + "', which is not a local or a state parameter");
            return;
        }

        var value = TranslateElementExpression(assignment.Right);
        if (value is not null)
        {
            Lines.Add(VectorName(target.Identifier.Text) + " " + op + " " + value + ";");
        }
    }

    /// <summary>Translates an expression that must have the element type (after implicit conversion).</summary>
    private string? TranslateElementExpression(ExpressionSyntax expression)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var typeInfo = model.GetTypeInfo(expression, cancellationToken);

        // Constants (literals, const fields, float.Epsilon...) are computed by the compiler in the element type
        // and broadcast, so the vector lanes see exactly the value the scalar rule sees.
        var constant = model.GetConstantValue(expression, cancellationToken);
        if (constant.HasValue && IsElement(typeInfo.ConvertedType))
        {
            return "new " + Vector + "<" + elementTypeName + ">((" + elementTypeName + ")(" + expression.WithoutTrivia().ToString() + "))";
        }

        if (!IsElement(typeInfo.Type))
        {
            Report(expression, "an expression of type '" + (typeInfo.Type?.ToDisplayString() ?? "unknown") + "' (only the rule's element type is allowed)");
            return null;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Wrap(TranslateElementExpression(parenthesized.Expression));

            case BinaryExpressionSyntax binary:
                return TranslateBinary(binary);

            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                var negated = TranslateElementExpression(unary.Operand);
                return negated is null ? null : "(-" + negated + ")";

            case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                return TranslateElementExpression(unary.Operand);

            case IdentifierNameSyntax identifier:
                return TranslateIdentifier(identifier);

            case MemberAccessExpressionSyntax member:
                return TranslateMemberAccess(member);

            case InvocationExpressionSyntax invocation:
                return TranslateInvocation(invocation);

            default:
                Report(expression, Describe(expression));
                return null;
        }
    }

    private string? TranslateBinary(BinaryExpressionSyntax binary)
    {
        var op = binary.Kind() switch
        {
            SyntaxKind.AddExpression => "+",
            SyntaxKind.SubtractExpression => "-",
            SyntaxKind.MultiplyExpression => "*",
            SyntaxKind.DivideExpression => "/",
            _ => null,
        };
        if (op is null)
        {
            Report(binary, "the operator '" + binary.OperatorToken.Text + "'");
            return null;
        }

        // A user-defined operator on some other type would not map onto Vector<T>.
        if (model.GetSymbolInfo(binary, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } userOperator
            && !IsElementOperator(userOperator))
        {
            Report(binary, "the user-defined operator '" + userOperator.ToDisplayString() + "'");
            return null;
        }

        var left = TranslateElementExpression(binary.Left);
        var right = TranslateElementExpression(binary.Right);
        return left is null || right is null ? null : "(" + left + " " + op + " " + right + ")";
    }

    private string? TranslateIdentifier(IdentifierNameSyntax identifier)
    {
        var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
        switch (symbol)
        {
            case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method):
                return VectorName(parameter.Name);
            case ILocalSymbol local when locals.Contains(local):
                return VectorName(local.Name);
            default:
                Report(identifier, "the reference to '" + identifier.Identifier.Text + "' (only the rule's parameters and locals may be read)");
                return null;
        }
    }

    private string? TranslateMemberAccess(MemberAccessExpressionSyntax member)
    {
        if (model.GetSymbolInfo(member, cancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
            && IsOnElementType(member.Expression)
            && property.Name is "Zero" or "One")
        {
            return Vector + "<" + elementTypeName + ">." + property.Name;
        }

        Report(member, "the member access '" + member.WithoutTrivia() + "'");
        return null;
    }

    private string? TranslateInvocation(InvocationExpressionSyntax invocation)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { IsStatic: true } callee
            || invocation.Expression is not MemberAccessExpressionSyntax access
            || !(IsOnElementType(access.Expression) || IsMathType(access.Expression)))
        {
            Report(invocation, "the call '" + invocation.Expression.WithoutTrivia() + "' (supported: T.Sqrt, T.Abs, T.Min, T.Max, T.CreateChecked of a constant)");
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Any(a => !a.RefKindKeyword.IsKind(SyntaxKind.None) || a.NameColon is not null))
        {
            Report(invocation.ArgumentList, "ref, out or named arguments");
            return null;
        }

        switch (callee.Name)
        {
            case "Sqrt" when arguments.Count == 1:
                return Call("SquareRoot", arguments);
            case "Abs" when arguments.Count == 1:
                return Call("Abs", arguments);
            case "Min" when arguments.Count == 2:
                return Call("Min", arguments);
            case "Max" when arguments.Count == 2:
                return Call("Max", arguments);
            case "CreateChecked" or "CreateTruncating" or "CreateSaturating" when arguments.Count == 1
                && model.GetConstantValue(arguments[0].Expression, cancellationToken).HasValue:
                return "new " + Vector + "<" + elementTypeName + ">(" + elementTypeName + "." + callee.Name + "(" + arguments[0].Expression.WithoutTrivia() + "))";
            default:
                Report(invocation, "the call '" + callee.Name + "' with " + arguments.Count + " argument(s) (supported: Sqrt, Abs, Min, Max, and Create* of a constant)");
                return null;
        }
    }

    private string? Call(string vectorMethod, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        var translated = new List<string>();
        foreach (var argument in arguments)
        {
            var value = TranslateElementExpression(argument.Expression);
            if (value is null)
            {
                return null;
            }

            translated.Add(value);
        }

        return Vector + "." + vectorMethod + "(" + string.Join(", ", translated) + ")";
    }

    private bool IsOnElementType(ExpressionSyntax receiver) =>
        model.GetSymbolInfo(receiver, cancellationToken).Symbol is ITypeSymbol type && IsElement(type);

    private bool IsMathType(ExpressionSyntax receiver) =>
        model.GetSymbolInfo(receiver, cancellationToken).Symbol is ITypeSymbol type
        && type.ToDisplayString() is "System.Math" or "System.MathF";

    private bool IsElementOperator(IMethodSymbol op) =>
        op.Parameters.All(p => IsElement(p.Type)) && IsElement(op.ReturnType);

    private bool IsElement(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, elementType);

    private static string? Wrap(string? inner) => inner is null ? null : "(" + inner + ")";

    private void Report(SyntaxNode node, string what) =>
        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UpdateRuleUnsupportedConstruct, node.GetLocation(), what));

    private static string Describe(SyntaxNode node) => node switch
    {
        ConditionalExpressionSyntax => "the conditional operator '?:' (lanes would need a select; write it with T.Min/T.Max)",
        IfStatementSyntax => "an 'if' statement (the rule must be straight-line code)",
        ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "a loop (the rule is applied per element; loops belong outside it)",
        ReturnStatementSyntax => "a 'return' statement",
        CastExpressionSyntax => "a cast (all arithmetic must stay in the element type)",
        _ => "'" + node.Kind().ToString() + "'",
    };
}
