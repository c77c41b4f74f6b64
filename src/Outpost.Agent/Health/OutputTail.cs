using System.Text;

namespace Outpost.Agent.Health;

/// <summary>Drains a process stream to its end, keeping only its last bytes: the end of a failing check's output says why.</summary>
internal sealed class OutputTail
{
    private readonly int _limit;
    private readonly MemoryStream _kept = new();
    private long _total;

    public OutputTail(int limit) => _limit = limit;

    public async Task DrainAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            lock (_kept)
            {
                _total += read;
                _kept.Write(buffer, 0, read);
                if (_kept.Length > 2 * _limit)
                {
                    var tail = _kept.ToArray()[^_limit..];
                    _kept.SetLength(0);
                    _kept.Write(tail);
                }
            }
        }
    }

    public override string ToString()
    {
        lock (_kept)
        {
            var bytes = _kept.ToArray();
            var text = Encoding.UTF8.GetString(bytes.Length > _limit ? bytes[^_limit..] : bytes).TrimEnd();
            return _total > _limit ? $"…({_total - _limit} bytes cut) {text}" : text;
        }
    }
}
