namespace Outpost.Hub.Operators;

/// <summary>
/// Operators' open tunnel connections, by operator, so that removing an operator or rotating its credential ends them
/// at once, as revoking a site ends its session: a credential that is refused must not keep a tunnel open.
/// </summary>
public sealed class OperatorConnections
{
    private readonly Dictionary<string, HashSet<CancellationTokenSource>> _open = new(StringComparer.Ordinal);

    /// <summary>Registers one connection; its token is cancelled by <see cref="End"/>. Dispose when the connection ends.</summary>
    public Registration Register(string operatorName)
    {
        var ending = new CancellationTokenSource();
        lock (_open)
        {
            if (!_open.TryGetValue(operatorName, out var set))
            {
                _open[operatorName] = set = [];
            }

            set.Add(ending);
        }

        return new Registration(this, operatorName, ending);
    }

    /// <summary>Ends every open connection of this operator; returns how many there were.</summary>
    public int End(string operatorName)
    {
        CancellationTokenSource[] ending;
        lock (_open)
        {
            if (!_open.Remove(operatorName, out var set))
            {
                return 0;
            }

            ending = [.. set];
        }

        foreach (var connection in ending)
        {
            connection.Cancel();
        }

        return ending.Length;
    }

    private void Forget(string operatorName, CancellationTokenSource ending)
    {
        lock (_open)
        {
            if (_open.TryGetValue(operatorName, out var set) && set.Remove(ending) && set.Count == 0)
            {
                _open.Remove(operatorName);
            }
        }
    }

    /// <summary>One open connection: <see cref="Token"/> is cancelled when the operator's credential stops being valid.</summary>
    public sealed class Registration(OperatorConnections owner, string operatorName, CancellationTokenSource ending) : IDisposable
    {
        public CancellationToken Token { get; } = ending.Token;

        public void Dispose()
        {
            owner.Forget(operatorName, ending);
            ending.Dispose();
        }
    }
}
