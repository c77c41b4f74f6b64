using System.Globalization;

namespace Outpost.Hub.Rollouts;

/// <summary>A count ("3") or a percentage ("25%") of a wave's sites.</summary>
public readonly record struct Quantity(double Value, bool Percent)
{
    public static bool TryParse(string text, out Quantity quantity)
    {
        text = text.Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].Trim() : text;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && (percent ? value <= 100 : value == Math.Floor(value)))
        {
            quantity = new Quantity(value, percent);
            return true;
        }

        quantity = default;
        return false;
    }

    /// <summary>The count for a wave of <paramref name="total"/> sites; a percentage rounds up so that "10%" of 5 sites is 1, not 0.</summary>
    public int Of(int total) => Percent ? (int)Math.Ceiling(total * Value / 100.0) : (int)Value;

    public override string ToString() => Percent ? $"{Value.ToString(CultureInfo.InvariantCulture)}%" : Value.ToString(CultureInfo.InvariantCulture);
}
