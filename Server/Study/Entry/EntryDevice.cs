using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Study.Entry;

/// <summary>
/// The device a participant entered on, for the researchers' exports: the class follows from the window's size and
/// main input alone (no user agent, no other fingerprint).
/// </summary>
public static class EntryDevice
{
    /// <summary>The largest window side taken as real (CSS pixels); beyond it the value is refused by the API.</summary>
    public const int MaxPixels = 20_000;

    /// <summary>
    /// Phones are touch devices whose shorter window side is under 600 px (a 390x844 phone; Material's compact width),
    /// tablets the larger touch devices, desktops and laptops the ones with a mouse.
    /// </summary>
    public static DeviceClass Classify(int? width, int? height, InputKind? input)
    {
        int? shorter = width is { } w && height is { } h ? Math.Min(w, h) : width ?? height;
        return (input, shorter) switch
        {
            (InputKind.Mouse, _) => DeviceClass.Desktop,
            (InputKind.Touch, < 600) => DeviceClass.Phone,
            (InputKind.Touch, _) => DeviceClass.Tablet,
            (_, < 600) => DeviceClass.Phone,
            (_, not null) => DeviceClass.Desktop,
            _ => DeviceClass.Unknown,
        };
    }

    public static DeviceClass Classify(EntryRequest r) => Classify(r.ViewportWidth, r.ViewportHeight, r.Input);
}
