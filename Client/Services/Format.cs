using System.Globalization;

namespace ExpO.Client.Services;

/// <summary>How money is written in the UI: whole dollars with thousands separators, signed changes.</summary>
public static class Format
{
    public static string Dollars(double value) => (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("N0", CultureInfo.InvariantCulture);

    public static string Change(double value) => (value >= 0 ? "+" : "−") + "$" + Math.Abs(value).ToString("N0", CultureInfo.InvariantCulture);
}
