using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Array fields and properties (of this instance, or static, or of a data parameter: MethodLowering.DataParameters.cs)
/// read as data, like scalar fields: elements of 1-D,
/// jagged and rectangular arrays (<c>features[n][j]</c>, <c>labels[n]</c>, <c>Table[i, j]</c>), <c>Length</c>,
/// <c>Rank</c> and <c>GetLength(d)</c>. They become <see cref="DataRead"/>s: passive, never differentiated.
/// </summary>
internal sealed partial class MethodLowering
{
    private Expr? TryLowerDataRead(IOperation op, string type)
    {
        switch (op)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when DataCollectionIndexer(indexer, type) is Expr lookup:
                return lookup;
            case IArrayElementReferenceOperation elem when DataText(elem.ArrayReference) is var (text, args):
            {
                // Xs[^1] is Xs[Xs.Length - 1].
                string indices = string.Join(", ", elem.Indices.Select(i => Placeholder(args, LowerIndex(i, () => new DataRead("int", text + ".Length", args.ToEquatable())))));
                return new DataRead(type, $"{text}[{indices}]", args.ToEquatable());
            }
            case IPropertyReferenceOperation { Property.Name: "Length" or "Rank" } p when p.Instance is not null && DataText(p.Instance) is var (text, args):
                return new DataRead(type, $"{text}.{p.Property.Name}", args.ToEquatable());
            case IInvocationOperation { TargetMethod.Name: "GetLength", Arguments.Length: 1 } inv when inv.Instance is not null && DataText(inv.Instance) is var (text, args):
            {
                string dimension = Placeholder(args, LowerExpr(inv.Arguments[0].Value));
                return new DataRead(type, $"{text}.GetLength({dimension})", args.ToEquatable());
            }
            case IFieldReferenceOperation or IPropertyReferenceOperation when op.Type is not IArrayTypeSymbol && DataMemberText(op) is string member:
                // options.Iterations, model.is_mirrored: a member of a data parameter (MethodLowering.DataParameters.cs).
                return new DataRead(type, Escape(member), new List<Expr>().ToEquatable());
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IArrayElementReferenceOperation { Type.SpecialType: SpecialType.System_String } name }:
                // names[i].Length of a string array: the element is a passive read, its length an int like any other.
                return new DataRead(type, "{0}.Length", new[] { LowerExpr(name) }.ToEquatable());
            case IFieldReferenceOperation or IPropertyReferenceOperation when RefuseUnmarkedDataRead(op):
                return new Lit(type, 0);
            default:
                return null;
        }
    }

    /// <summary>
    /// The text of an array that is data: a field or property of this instance or a static one, or an element of one
    /// (a row of a jagged field), with its index arguments; null for anything else.
    /// </summary>
    private (string Text, List<Expr> Args)? DataText(IOperation op)
    {
        switch (op)
        {
            case IConversionOperation { Conversion.IsIdentity: true } c:
                return DataText(c.Operand);
            case IParenthesizedOperation p:
                return DataText(p.Operand);
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when op.Type is IArrayTypeSymbol && Receiverless(op):
                return (Escape(OpaqueText(op)), new List<Expr>());
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when op.Type is IArrayTypeSymbol && DataMemberText(op) is string member:
                return (Escape(member), new List<Expr>());
            case IArrayElementReferenceOperation elem when DataText(elem.ArrayReference) is var (text, args):
                return ($"{text}[{string.Join(", ", elem.Indices.Select(i => Placeholder(args, LowerExpr(i))))}]", args);
            default:
                return null;
        }
    }

    private static string Placeholder(List<Expr> args, Expr arg)
    {
        args.Add(arg);
        return "{" + (args.Count - 1) + "}";
    }

    private static string Escape(string text) => text.Replace("{", "{{").Replace("}", "}}");
}
