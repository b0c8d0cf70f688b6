using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>
/// One study the server runs: its link name, two model bundles, the explainer and what participants read. Participants
/// and settings versions belong to one. Row <see cref="DefaultId"/> is the paper's housing study, which every
/// participant from before studies existed belongs to.
/// </summary>
public sealed class StudyDefinition
{
    /// <summary>The default study, served at the root link (migration Studies creates it).</summary>
    public const long DefaultId = 1;
    /// <summary>The default study's link name (/study/housing, besides /).</summary>
    public const string DefaultName = "housing";

    public long Id { get; set; }
    /// <summary>Its link: /study/NAME (the default study also answers at /).</summary>
    public required string Name { get; set; }
    public required string Title { get; set; }
    /// <summary>The bundle the study compares against (None in the paper's study).</summary>
    public required string ControlBundle { get; set; }
    /// <summary>The regularized bundle (ExpO in the paper's study); "treatment first" is a participant's order.</summary>
    public required string TreatmentBundle { get; set; }
    /// <summary>Stored as "lime" or "maple".</summary>
    public StudyExplainer Explainer { get; set; }
    public StudyQuantity Quantity { get; set; } = StudyQuantity.HousePrice;
    /// <summary>Names of studies whose participants this one turns away (a person may take part in only one of them).</summary>
    public List<string> ExcludedStudies { get; set; } = [];
    public DateTime CreatedUtc { get; set; }
}

/// <summary>Limits of a study's definition.</summary>
public static class StudyDefinitionLimits
{
    /// <summary>Short enough to type in a link, and letters, digits and '-' only so it needs no escaping.</summary>
    public const int NameMaxLength = 40;
    public const int TitleMaxLength = 200;
}
