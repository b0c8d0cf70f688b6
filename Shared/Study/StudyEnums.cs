using System.Text.Json.Serialization;

namespace ExpO.Shared.Study;

/// <summary>What a participant asked for with "+" (price up by |c_i|) or "-" (price down by |c_i|).</summary>
public enum Direction { Up = 1, Down = -1 }

/// <summary>Where a participant is in the study.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StudyStage>))]
public enum StudyStage { Consent, Instructions, Round, RoundQuestions, Final, Complete }

/// <summary>An answer to a preference question, coded as in the published data: A = 1, B = -1, no difference = 0.</summary>
public enum Preference { B = -1, Same = 0, A = 1 }
