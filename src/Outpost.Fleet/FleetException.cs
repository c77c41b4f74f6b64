namespace Outpost.Fleet;

/// <summary>Raised when a fleet repository cannot be read, validated or rendered; lists every error found.</summary>
public sealed class FleetException : Exception
{
    public FleetException(IReadOnlyList<FleetError> errors, Exception? inner = null)
        : base(Compose(errors), inner)
    {
        Errors = errors;
    }

    public FleetException(FleetError error, Exception? inner = null)
        : this([error], inner)
    {
    }

    public FleetException(string message)
        : this(new FleetError(message))
    {
    }

    public FleetException()
        : this("fleet repository error")
    {
    }

    public FleetException(string message, Exception inner)
        : this(new FleetError(message), inner)
    {
    }

    public IReadOnlyList<FleetError> Errors { get; }

    private static string Compose(IReadOnlyList<FleetError> errors) => errors.Count switch
    {
        0 => "fleet repository error",
        1 => errors[0].ToString(),
        _ => $"{errors.Count} errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
    };
}
