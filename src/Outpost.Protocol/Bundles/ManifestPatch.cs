using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Outpost.Protocol.Bundles;

/// <summary>
/// A manifest written as edits to an earlier one the agent already holds: ranges of the earlier manifest's bytes and new
/// bytes between them. A one-file change to a bundle of many files then travels as about a hundred bytes instead of
/// the whole manifest (16 KiB for 64 files). The rebuilt bytes are checked exactly like a manifest sent whole (their
/// sha256 is the revision, the signature verifies), so a wrong base or a tampered patch can only fail, never yield
/// other content.
/// </summary>
/// <remarks>
/// Format: a version byte, then operations: <c>'c'</c> offset length (copy from the earlier manifest) or <c>'a'</c>
/// length bytes (add), the numbers 32-bit big-endian.
/// </remarks>
public static class ManifestPatch
{
    private const byte Version = 1;
    private const byte CopyOp = (byte)'c';
    private const byte AddOp = (byte)'a';

    /// <summary>
    /// The edits that turn <paramref name="earlier"/> into <paramref name="later"/>, or null when they would not be under
    /// half the size of <paramref name="later"/> (a change that touches most of the manifest goes whole).
    /// </summary>
    public static byte[]? Create(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> later)
    {
        var index = IndexPieces(earlier);
        var patch = new ArrayBufferWriter<byte>(256);
        patch.Write([Version]);
        var (copyStart, copyLength, addStart, addLength, cursor) = (0, 0, 0, 0, 0);
        for (var start = 0; start < later.Length;)
        {
            var length = PieceLength(later[start..]);
            var piece = later.Slice(start, length);
            var at = cursor + length <= earlier.Length && earlier.Slice(cursor, length).SequenceEqual(piece) ? cursor : Find(index, piece, cursor);
            if (at >= 0)
            {
                FlushAdd(patch, later, ref addStart, ref addLength);
                if (copyLength > 0 && copyStart + copyLength == at)
                {
                    copyLength += length;
                }
                else
                {
                    FlushCopy(patch, copyStart, ref copyLength);
                    (copyStart, copyLength) = (at, length);
                }

                cursor = at + length;
            }
            else
            {
                FlushCopy(patch, copyStart, ref copyLength);
                if (addLength == 0)
                {
                    addStart = start;
                }

                addLength += length;
                // The new piece most likely replaces the earlier one here (a digest, a size): the copy goes on after it.
                cursor += PieceLength(earlier[cursor..]);
            }

            start += length;
        }

        FlushCopy(patch, copyStart, ref copyLength);
        FlushAdd(patch, later, ref addStart, ref addLength);
        return patch.WrittenCount * 2 < later.Length ? patch.WrittenSpan.ToArray() : null;
    }

    /// <summary>The manifest <paramref name="patch"/> makes of <paramref name="earlier"/>; a malformed patch, or one longer than <paramref name="maxLength"/>, is an <see cref="InvalidDataException"/>.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> patch, int maxLength)
    {
        // Two passes: the first checks every operation and sums the length, so the result is allocated once, exactly.
        var result = new byte[Run(earlier, patch, maxLength, output: [])];
        Run(earlier, patch, maxLength, result);
        return result;
    }

    private static int Run(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> patch, int maxLength, Span<byte> output)
    {
        if (patch.IsEmpty || patch[0] != Version)
        {
            throw new InvalidDataException($"The manifest patch has an unknown format ({(patch.IsEmpty ? "empty" : $"version {patch[0]}")}).");
        }

        long total = 0;
        for (var at = 1; at < patch.Length;)
        {
            var op = patch[at++];
            ReadOnlySpan<byte> piece;
            if (op == CopyOp)
            {
                var offset = (long)Number(patch, ref at);
                var length = (long)Number(patch, ref at);
                if (offset + length > earlier.Length)
                {
                    throw new InvalidDataException($"The manifest patch copies bytes {offset}–{offset + length} of an earlier manifest of {earlier.Length}.");
                }

                piece = earlier.Slice((int)offset, (int)length);
            }
            else if (op == AddOp)
            {
                var length = (long)Number(patch, ref at);
                if (at + length > patch.Length)
                {
                    throw new InvalidDataException($"The manifest patch adds {length} bytes but has {patch.Length - at} left.");
                }

                piece = patch.Slice(at, (int)length);
                at += (int)length;
            }
            else
            {
                throw new InvalidDataException($"The manifest patch has an unknown operation 0x{op:x2} at byte {at - 1}.");
            }

            if (total + piece.Length > maxLength)
            {
                throw new InvalidDataException($"The manifest patch makes more than {maxLength} bytes.");
            }

            if (!output.IsEmpty)
            {
                piece.CopyTo(output[(int)total..]);
            }

            total += piece.Length;
        }

        return (int)total;
    }

    private static uint Number(ReadOnlySpan<byte> patch, ref int at)
    {
        if (at + 4 > patch.Length)
        {
            throw new InvalidDataException("The manifest patch ends in the middle of an operation.");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(patch[at..]);
        at += 4;
        return value;
    }

    /// <summary>
    /// Manifests are compact JSON; cut after every comma, a piece is one property of a layer (its digest, its size, its
    /// title…), so a changed file is a piece or two and everything around it is found again.
    /// </summary>
    private static int PieceLength(ReadOnlySpan<byte> rest)
    {
        var comma = rest.IndexOf((byte)',');
        return comma < 0 ? rest.Length : comma + 1;
    }

    private static Dictionary<string, List<int>> IndexPieces(ReadOnlySpan<byte> earlier)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var start = 0; start < earlier.Length;)
        {
            var length = PieceLength(earlier[start..]);
            // Latin-1 maps each byte to one char, so equal keys are equal bytes.
            var key = Encoding.Latin1.GetString(earlier.Slice(start, length));
            if (!index.TryGetValue(key, out var offsets))
            {
                index[key] = offsets = [];
            }

            offsets.Add(start);
            start += length;
        }

        return index;
    }

    /// <summary>Where the earlier manifest has <paramref name="piece"/>: the first place at or after <paramref name="cursor"/>, else the first; -1 when nowhere.</summary>
    private static int Find(Dictionary<string, List<int>> index, ReadOnlySpan<byte> piece, int cursor)
    {
        if (!index.TryGetValue(Encoding.Latin1.GetString(piece), out var offsets))
        {
            return -1;
        }

        // Offsets were added in order; a piece every layer has (its media type) can be in the list thousands of times.
        var found = offsets.BinarySearch(cursor);
        found = found >= 0 ? found : ~found;
        return found < offsets.Count ? offsets[found] : offsets[0];
    }

    private static void FlushCopy(ArrayBufferWriter<byte> patch, int start, ref int length)
    {
        if (length == 0)
        {
            return;
        }

        var span = patch.GetSpan(9);
        span[0] = CopyOp;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)start);
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], (uint)length);
        patch.Advance(9);
        length = 0;
    }

    private static void FlushAdd(ArrayBufferWriter<byte> patch, ReadOnlySpan<byte> later, ref int start, ref int length)
    {
        if (length == 0)
        {
            return;
        }

        var span = patch.GetSpan(5);
        span[0] = AddOp;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        patch.Advance(5);
        patch.Write(later.Slice(start, length));
        length = 0;
    }
}
