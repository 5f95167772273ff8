using System.Collections.Concurrent;
using System.Reflection;

namespace PosSim.Iso8583;

/// <summary>
/// A dialect of ISO 8583: how the MTI, the bitmaps and each field are laid out on the wire.
/// Dialects are data (JSON, see docs/dialects.md); three ship built in.
/// </summary>
public sealed class Dialect
{
    /// <summary>The names of the built-in dialects, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap"];

    private static readonly ConcurrentDictionary<string, Dialect> BuiltInCache = new(StringComparer.Ordinal);

    private readonly FieldSpec?[] _fields;

    internal Dialect(
        string name,
        string description,
        string? compatibleWith,
        ValueEncoding mtiEncoding,
        ValueEncoding bitmapEncoding,
        bool tertiaryBitmap,
        FieldSpec?[] fields)
    {
        Name = name;
        Description = description;
        CompatibleWith = compatibleWith;
        MtiEncoding = mtiEncoding;
        BitmapEncoding = bitmapEncoding;
        TertiaryBitmap = tertiaryBitmap;
        _fields = fields;
    }

    public string Name { get; }

    public string Description { get; }

    public string? CompatibleWith { get; }

    /// <summary>Ascii, Bcd or Ebcdic.</summary>
    public ValueEncoding MtiEncoding { get; }

    /// <summary>Hex (16 ASCII hex characters per bitmap) or Binary (8 bytes per bitmap).</summary>
    public ValueEncoding BitmapEncoding { get; }

    /// <summary>When true, bit 65 flags a third bitmap (fields 129 to 192) instead of carrying field 65.</summary>
    public bool TertiaryBitmap { get; }

    /// <summary>Bytes one bitmap takes on the wire.</summary>
    public int BitmapByteCount => BitmapEncoding == ValueEncoding.Hex ? 16 : 8;

    /// <summary>The highest field number this dialect defines.</summary>
    public int MaxField => TertiaryBitmap ? 192 : 128;

    /// <summary>The specs of every defined field, ascending.</summary>
    public IEnumerable<FieldSpec> Fields => _fields.OfType<FieldSpec>();

    /// <summary>The spec of <paramref name="field"/>, or null when the dialect does not define it.</summary>
    public FieldSpec? this[int field] => unchecked((uint)field) < (uint)_fields.Length ? _fields[field] : null;

    /// <summary>A built-in dialect by name.</summary>
    public static Dialect BuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!BuiltInNames.Contains(name))
        {
            throw new DialectException($"There is no built-in dialect '{name}'. Built in: {string.Join(", ", BuiltInNames)}; or give the path of a dialect JSON file.");
        }

        return BuiltInCache.GetOrAdd(name, static n =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"PosSim.Iso8583.Dialects.{n}.json")
                ?? throw new InvalidOperationException($"Built-in dialect resource '{n}' is missing from the assembly.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return DialectLoader.Parse(memory.ToArray(), $"built-in dialect {n}");
        });
    }

    /// <summary>A built-in dialect when <paramref name="nameOrPath"/> names one, else the dialect JSON file at that path.</summary>
    public static Dialect Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (BuiltInNames.Contains(nameOrPath))
        {
            return BuiltIn(nameOrPath);
        }

        if (!File.Exists(nameOrPath))
        {
            throw new DialectException(
                $"'{nameOrPath}' is neither a built-in dialect ({string.Join(", ", BuiltInNames)}) nor an existing dialect file.");
        }

        return DialectLoader.Parse(File.ReadAllBytes(nameOrPath), nameOrPath);
    }

    /// <summary>Parses a dialect from JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static Dialect FromJson(string json, string source = "dialect JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        return DialectLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), source);
    }

    public override string ToString() => Name;
}

/// <summary>A dialect that could not be found or does not make sense; the message says where and why.</summary>
public sealed class DialectException : Exception
{
    public DialectException(string message)
        : base(message)
    {
    }

    public DialectException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
