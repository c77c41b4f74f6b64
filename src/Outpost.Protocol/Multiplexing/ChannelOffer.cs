namespace Outpost.Protocol.Multiplexing;

/// <summary>
/// A channel the peer wants to open. The handler sees it on the session's receive loop and must decide at once:
/// <see cref="Accept"/> (then serve the channel on a task of its own) or <see cref="Reject"/>; undecided offers are refused.
/// </summary>
public sealed class ChannelOffer
{
    private readonly ChannelMultiplexer _mux;
    private readonly uint _id;
    private readonly int _peerWindow;
    private readonly bool _peerReceiveOnly;

    internal ChannelOffer(ChannelMultiplexer mux, uint id, string name, int peerWindow, bool peerReceiveOnly)
    {
        _mux = mux;
        _id = id;
        _peerWindow = peerWindow;
        _peerReceiveOnly = peerReceiveOnly;
        Name = name;
    }

    public string Name { get; }

    internal bool Decided { get; private set; }

    public MuxChannel Accept(MuxChannelOptions? options = null)
    {
        Decide();
        return _mux.AcceptOffer(_id, Name, _peerWindow, _peerReceiveOnly, options ?? MuxChannelOptions.Default);
    }

    public void Reject(string reason)
    {
        Decide();
        _mux.RejectOffer(_id, reason);
    }

    private void Decide()
    {
        if (Decided)
        {
            throw new InvalidOperationException($"The offer of channel '{Name}' was already answered.");
        }

        Decided = true;
    }
}
