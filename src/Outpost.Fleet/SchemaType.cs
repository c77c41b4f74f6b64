namespace Outpost.Fleet;

/// <summary>The value types a schema can ask for.</summary>
public enum SchemaType
{
    Any,
    String,
    Int,
    Number,
    Bool,
    List,
    Map,
}
