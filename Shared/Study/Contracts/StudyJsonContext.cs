using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpO.Shared.Study.Contracts;

/// <summary>
/// Compile-time JSON for the study API's contracts (web defaults: camelCase). The server, the browser client and
/// the simulated participants all use it, which saves reflection on every request and keeps them in agreement.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StudyInfo))]
[JsonSerializable(typeof(EntryRequest))]
[JsonSerializable(typeof(EntryResponse))]
[JsonSerializable(typeof(ParticipantState))]
[JsonSerializable(typeof(StepRequest))]
[JsonSerializable(typeof(StepResponse))]
[JsonSerializable(typeof(RoundAnswersRequest))]
[JsonSerializable(typeof(FinalAnswersRequest))]
[JsonSerializable(typeof(PracticeRequest))]
[JsonSerializable(typeof(PracticeResponse))]
[JsonSerializable(typeof(StudyPageData))]
public sealed partial class StudyJsonContext : JsonSerializerContext;
