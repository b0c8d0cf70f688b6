namespace ExpO.Shared.Science.Bundles;

/// <summary>A bundle file that is missing, unreadable or inconsistent; the message names the file and the problem.</summary>
public sealed class BundleFormatException(string message, Exception? inner = null) : Exception(message, inner);
