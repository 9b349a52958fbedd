namespace SourceAD.Generators.IR;

/// <summary>What the IR knows about a type without its symbol.</summary>
internal enum IrTypeKind
{
    Double,
    Float,
    /// <summary><c>global::System.Half</c>: floating, but a struct with operator methods (no keyword casts or literals).</summary>
    Half,
    Int,
    Long,
    /// <summary>The other integer keywords: short, byte, uint, ulong, sbyte, ushort, nint, nuint.</summary>
    OtherInteger,
    Bool,
    Char,
    Decimal,
    /// <summary>A method type parameter (<c>T</c>): a generic-math floating type in a differentiated method.</summary>
    TypeParameter,
    Void,
    /// <summary>Everything else (structs, tuples, arrays, spans, object, string), known only by its spelling.</summary>
    Other,
}

/// <summary>
/// The type of an IR expression: its kind, and its C# spelling as emitted (<c>double</c>, <c>T</c>,
/// <c>global::System.Half</c>, <c>global::P.Vec</c>). The one place that tells from a spelling whether a type is
/// floating, integer or a numeric keyword; passes ask the predicates here, never compare spellings. A value (record
/// struct) without symbols, so the model keeps comparing by value for incremental caching.
/// </summary>
/// <remarks>
/// Lowering names types by <c>TypeClassifier.Text</c>'s fully qualified format, so named types start with
/// <c>global::</c> and a bare identifier is a type parameter. The implicit conversion from a spelling classifies it,
/// which keeps the many construction sites (<c>new Lit("int", 0)</c> in a lowering rule) short.
/// </remarks>
internal readonly record struct IrType
{
    private IrType(IrTypeKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public IrTypeKind Kind { get; }

    /// <summary>The C# spelling, as printed in generated code.</summary>
    public string Name { get; }

    public static readonly IrType Double = Of("double");
    public static readonly IrType Float = Of("float");
    public static readonly IrType Int = Of("int");
    public static readonly IrType Long = Of("long");
    public static readonly IrType Bool = Of("bool");
    public static readonly IrType Void = Of("void");

    /// <summary>The type spelled <paramref name="name"/> (a keyword, a <c>global::</c> name or a type parameter).</summary>
    public static IrType Of(string name) => new(Classify(name), name);

    public static implicit operator IrType(string name) => Of(name);

    private static IrTypeKind Classify(string name) => name switch
    {
        "double" => IrTypeKind.Double,
        "float" => IrTypeKind.Float,
        "global::System.Half" => IrTypeKind.Half,
        "int" => IrTypeKind.Int,
        "long" => IrTypeKind.Long,
        "short" or "byte" or "uint" or "ulong" or "sbyte" or "ushort" or "nint" or "nuint" => IrTypeKind.OtherInteger,
        "bool" => IrTypeKind.Bool,
        "char" => IrTypeKind.Char,
        "decimal" => IrTypeKind.Decimal,
        "void" => IrTypeKind.Void,
        "object" or "string" or "dynamic" => IrTypeKind.Other,
        _ => IsIdentifier(name) ? IrTypeKind.TypeParameter : IrTypeKind.Other,
    };

    private static bool IsIdentifier(string name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    /// <summary>An integer keyword type (int, long, short, …, nint): wrapping arithmetic, exact inverses, no derivative.</summary>
    public bool IsInteger => Kind is IrTypeKind.Int or IrTypeKind.Long or IrTypeKind.OtherInteger;

    /// <summary>
    /// Whether values of this type may carry derivatives and floating operations count: every type but the integer,
    /// bool, char and decimal keywords (a type parameter, Half, and the structs the IR does not look into included).
    /// </summary>
    public bool IsReal => !(IsInteger || Kind is IrTypeKind.Bool or IrTypeKind.Char or IrTypeKind.Decimal);

    /// <summary>A floating type the IR knows by name: double, float or Half (a type parameter is floating only when it is the method's real type).</summary>
    public bool IsFloatingKeyword => Kind is IrTypeKind.Double or IrTypeKind.Float or IrTypeKind.Half;

    /// <summary>A numeric C# keyword type: converts to another by a cast (<c>(int)x</c>) and has keyword literals.</summary>
    public bool IsNumericKeyword => HasIntegerLiteral || Kind is IrTypeKind.Double or IrTypeKind.Float or IrTypeKind.Decimal;

    // nint and nuint were never in the printer's cast set (they convert by CreateTruncating), so the cast set is kept exactly.
    private bool IsCastableOtherInteger => Kind is IrTypeKind.OtherInteger && Name is not ("nint" or "nuint");

    /// <summary>Whether literals of this type print as integer digits (the integer keywords but nint and nuint).</summary>
    public bool HasIntegerLiteral => Kind is IrTypeKind.Int or IrTypeKind.Long || IsCastableOtherInteger;

    /// <summary>
    /// The bytes one value of this type occupies on a tape or in working memory: the keyword sizes; a type parameter
    /// counts as double, its widest instantiation, so a generic method is costed like its double instance; any other
    /// struct (a dual number, a tuple, a user vector) as at least two doubles, and an array as its reference. The one
    /// table both the cost report (SRCAD1001's tape bytes) and the record-or-recompute choice read.
    /// </summary>
    public int Bytes => Kind switch
    {
        IrTypeKind.Other when Name.EndsWith("]", System.StringComparison.Ordinal) => 8,
        IrTypeKind.Bool => 1,
        IrTypeKind.Half or IrTypeKind.Char => 2,
        IrTypeKind.Float or IrTypeKind.Int => 4,
        IrTypeKind.Double or IrTypeKind.Long or IrTypeKind.TypeParameter => 8,
        IrTypeKind.OtherInteger => Name switch { "byte" or "sbyte" => 1, "short" or "ushort" => 2, "uint" => 4, _ => 8 },
        _ => 16,
    };

    /// <summary>An array type (<c>double[]</c>).</summary>
    public bool IsArray => Name.EndsWith("[]", System.StringComparison.Ordinal);

    /// <summary>A named type spelled from the global namespace (a struct, enum or class; Half included), not a keyword or type parameter.</summary>
    public bool IsQualifiedName => Name.StartsWith("global::", System.StringComparison.Ordinal);

    public override string ToString() => Name;
}
