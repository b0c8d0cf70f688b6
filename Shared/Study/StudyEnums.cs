using System.Text.Json.Serialization;

namespace ExpO.Shared.Study;

// Every code of the study is one of these types: on the wire (WireEnumConverter, exact names only), in the database
// (EF value conversions keep the stored strings and numbers) and in code. No member is 0, so a field missing from a
// request is never mistaken for a real code.

/// <summary>What a participant asked for with "+" (price up by |c_i|) or "-" (price down by |c_i|).</summary>
[JsonConverter(typeof(DirectionJson))]
public enum Direction { Up = 1, Down = -1 }

/// <summary>The side of a round: A on the left, B on the right.</summary>
[JsonConverter(typeof(ConditionJson))]
public enum Condition { A = 1, B = 2 }

/// <summary>How a participant was recruited.</summary>
[JsonConverter(typeof(RecruitmentSourceJson))]
public enum RecruitmentSource { Mturk = 1, Prolific = 2, Direct = 3, Agent = 4 }

/// <summary>The participant's main input when they entered: touch (a coarse pointer) or mouse (a fine one).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputKind>))]
public enum InputKind { Unknown = 0, Touch = 1, Mouse = 2 }

/// <summary>The kind of device a participant entered on, from their window's size and input (nothing more is recorded).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceClass>))]
public enum DeviceClass { Unknown = 0, Phone = 1, Tablet = 2, Desktop = 3 }

/// <summary>Where a participant is in the study, in the order the stages come.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StudyStage>))]
public enum StudyStage { Consent, Instructions, Round, RoundQuestions, Final, Complete }

/// <summary>An answer to a preference question, coded as in the published data: A = 1, B = -1, no difference = 0.</summary>
[JsonConverter(typeof(PreferenceJson))]
public enum Preference { B = -1, Same = 0, A = 1 }

/// <summary>What an entry did: a new participant, or the one this link or retry created before.</summary>
[JsonConverter(typeof(EntryOutcomeJson))]
public enum EntryOutcome { Started = 1, Resumed = 2 }

/// <summary>How a participant finishes: a form POST to MTurk, a redirect to Prolific, or a code to copy.</summary>
[JsonConverter(typeof(CompletionKindJson))]
public enum CompletionKind { Mturk = 1, Prolific = 2, Code = 3 }

public sealed class DirectionJson() : WireEnumConverter<Direction>("direction", (Direction.Up, "+"), (Direction.Down, "-"));
public sealed class ConditionJson() : WireEnumConverter<Condition>("condition", (Condition.A, "A"), (Condition.B, "B"));
public sealed class RecruitmentSourceJson() : WireEnumConverter<RecruitmentSource>("source",
    (RecruitmentSource.Mturk, "mturk"), (RecruitmentSource.Prolific, "prolific"), (RecruitmentSource.Direct, "direct"), (RecruitmentSource.Agent, "agent"));
public sealed class PreferenceJson() : WireEnumConverter<Preference>("answer", (Preference.A, "A"), (Preference.B, "B"), (Preference.Same, "same"));
public sealed class EntryOutcomeJson() : WireEnumConverter<EntryOutcome>("outcome", (EntryOutcome.Started, "started"), (EntryOutcome.Resumed, "resumed"));
public sealed class CompletionKindJson() : WireEnumConverter<CompletionKind>("kind",
    (CompletionKind.Mturk, "mturk"), (CompletionKind.Prolific, "prolific"), (CompletionKind.Code, "code"));

/// <summary>Which explainer a study shows participants (docs/architecture.md: LIME and MAPLE behind one interface).</summary>
[JsonConverter(typeof(StudyExplainerJson))]
public enum StudyExplainer { Lime = 1, Maple = 2 }

public sealed class StudyExplainerJson() : WireEnumConverter<StudyExplainer>("explainer", (StudyExplainer.Lime, "lime"), (StudyExplainer.Maple, "maple"));
