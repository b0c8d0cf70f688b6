namespace ExpO.Shared.Science.Agents;

/// <summary>Deterministic seeds from several numbers (HashCode.Combine is randomized per process, so runs would differ).</summary>
public static class Seeds
{
    /// <summary>SplitMix64 over the parts: the same parts give the same seed on every machine and run.</summary>
    public static int Mix(params int[] parts)
    {
        ulong h = 0x9E3779B97F4A7C15;
        foreach (int p in parts)
        {
            h ^= (ulong)(uint)p + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2);
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EB;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
