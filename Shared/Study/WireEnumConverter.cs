using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpO.Shared.Study;

/// <summary>
/// A code as a fixed JSON string, read exactly: no numbers, no other casing, so "a" or 1 for a condition is refused
/// with a message naming the accepted values. Explicit names rather than reflection keep it safe to trim.
/// </summary>
public abstract class WireEnumConverter<T>(string field, params (T Value, string Name)[] names) : JsonConverter<T> where T : struct, Enum
{
    readonly Dictionary<string, T> _byName = names.ToDictionary(n => n.Name, n => n.Value, StringComparer.Ordinal);
    readonly Dictionary<T, string> _byValue = names.ToDictionary(n => n.Value, n => n.Name);

    /// <summary>The wire name of a code (for URLs, logs and form fields).</summary>
    public string NameOf(T value) => _byValue[value];

    public string Accepted => string.Join(", ", names.Select(n => $"\"{n.Name}\""));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } s && _byName.TryGetValue(s, out var value)) return value;
        throw new JsonException($"{field} must be one of {Accepted}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(_byValue.TryGetValue(value, out var name) ? name : throw new JsonException($"{value} is not a {field}."));
}
