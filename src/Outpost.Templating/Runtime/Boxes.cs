namespace Outpost.Templating.Runtime;

/// <summary>Shared boxes for booleans and small integers, so hot paths and parsed data allocate less.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;

    private const int Min = -5;
    private const int Max = 1024;
    private static readonly object[] Small = Enumerable.Range(Min, Max - Min + 1).Select(i => (object)(long)i).ToArray();

    public static object Bool(bool b) => b ? True : False;

    public static object Long(long l) => l is >= Min and <= Max ? Small[l - Min] : l;
}
