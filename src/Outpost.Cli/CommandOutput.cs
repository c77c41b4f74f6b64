using System.Text.Json;
using Outpost.Cli.Operator;
using Spectre.Console;

namespace Outpost.Cli;

/// <summary>How operator commands print results: JSON for scripts with <c>-o json</c>, else console tables.</summary>
internal static class CommandOutput
{
    /// <summary>Writes the value as JSON when the format asks for it; true when it did.</summary>
    public static bool WriteJsonIfAsked<T>(string? format, T value)
    {
        if (format != "json")
        {
            return false;
        }

        Console.WriteLine(JsonSerializer.Serialize(value, HubClient.Json));
        return true;
    }

    /// <summary>An empty table in the house style with the given column headers.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(column);
        }

        return table;
    }
}
