using System.Globalization;

namespace ExpO.Server.Admin;

/// <summary>How the researchers' pages write a time: to the minute, in UTC, saying so.</summary>
public static class AdminText
{
    public static string Utc(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
