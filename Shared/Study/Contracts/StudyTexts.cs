namespace ExpO.Shared.Study.Contracts;

/// <summary>Texts shown both by the server's static first paint and by the client, written once.</summary>
public static class StudyTexts
{
    /// <summary>What the study is, on the entry page.</summary>
    public static string Intro(StudyInfo info) =>
        $"In this study you will help a computer model set the {info.Quantity.Name} of {info.Quantity.SubjectWithArticle}. You will see the model's explanation of " +
        $"its {info.Quantity.Name} and use it to change the {info.Quantity.Subject} until the {info.Quantity.Name} reaches a target. " +
        (info.Rounds == 1 ? "There is 1 short round" : $"There are {info.Rounds} short rounds") +
        $", then a few questions. It takes about {info.EstimatedMinutes} minutes.";
}
