namespace ExpO.Shared.Study.Contracts;

/// <summary>Texts shown both by the server's static first paint and by the client, written once.</summary>
public static class StudyTexts
{
    /// <summary>What the study is, on the entry page.</summary>
    public static string Intro(StudyInfo info) =>
        "In this study you will help a computer model set the price of a house. You will see the model's explanation of " +
        "its price and use it to change the house until the price reaches a target. " +
        (info.Rounds == 1 ? "There is 1 short round" : $"There are {info.Rounds} short rounds") +
        $", then a few questions. It takes about {info.EstimatedMinutes} minutes.";
}
