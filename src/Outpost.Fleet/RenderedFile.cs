using System.Text;

namespace Outpost.Fleet;

/// <summary>One file of a site's bundle: its path relative to the bundle root ('/'-separated) and its bytes.</summary>
public sealed record RenderedFile(string Path, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}
