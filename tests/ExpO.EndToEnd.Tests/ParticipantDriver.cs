using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>
/// Plays the study in the page like a person: reads what is shown, clicks buttons, waits for the answer. It plays in
/// the page itself or in a frame of it (the MTurk HIT), and expects as many rounds as the server is set to.
/// </summary>
sealed class ParticipantDriver(IPage page, string screenshotPrefix, IFrame? frame = null, int rounds = 5)
{
    /// <summary>Called at every stage the driver reaches (after its screenshot), e.g. to run an accessibility check there.</summary>
    public Func<string, Task>? AtStage { get; init; }

    readonly IFrame _frame = frame ?? page.MainFrame;
    readonly Random _rng = new(7);
    readonly ClosestChangePolicy _policy = new();
    readonly HashSet<string> _shots = [];
    public int Clicks { get; private set; }

    public async Task ShotAsync(string name)
    {
        if (!_shots.Add(name)) return;
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"{screenshotPrefix}-{name}"), FullPage = true });
        if (AtStage is not null) await AtStage(name);
    }

    public Task WaitForStageAsync(string stage) =>
        _frame.Locator($"[data-testid=stage-{stage}]").WaitForAsync(new() { Timeout = 30_000 });

    public async Task<PanelState> ReadAsync(string condition)
    {
        var json = await _frame.EvalOnSelectorAsync<JsonElement>($"[data-testid=condition-{condition}]", """
            p => ({
              price: Number(p.dataset.price), low: Number(p.dataset.targetLow), high: Number(p.dataset.targetHigh),
              steps: Number(p.dataset.steps), done: p.dataset.done === 'true',
              items: [...p.querySelectorAll('[data-testid=magnitude]')].map(c => Number(c.dataset.value)) })
            """);
        return new PanelState(json.GetProperty("price").GetDouble(), json.GetProperty("low").GetDouble(), json.GetProperty("high").GetDouble(),
            json.GetProperty("steps").GetInt32(), json.GetProperty("done").GetBoolean(),
            json.GetProperty("items").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    /// <summary>One click, then wait until the page shows the server's answer (the step count moves on).</summary>
    public async Task ClickAsync(string condition, int item, string direction)
    {
        var before = await ReadAsync(condition);
        await _frame.Locator($"[data-testid=condition-{condition}] [data-testid=item-{item}] [data-testid={(direction == "+" ? "plus" : "minus")}]").ClickAsync();
        await _frame.WaitForFunctionAsync("([c, n]) => document.querySelector(`[data-testid=condition-${c}]`)?.dataset.steps == n",
            new object[] { condition, (before.Steps + 1).ToString(CultureInfo.InvariantCulture) });
        Clicks++;
    }

    /// <summary>Plays one condition to the target, choosing clicks as the API tests' participants do (<see cref="ClosestChangePolicy"/>).</summary>
    public async Task PlayConditionAsync(string condition, int maxClicks = 1500)
    {
        for (var s = await ReadAsync(condition); !s.Done; s = await ReadAsync(condition))
        {
            Assert.True(s.Steps < maxClicks, $"condition {condition} needed over {maxClicks} clicks");
            var (item, direction) = _policy.Choose(s.AsView(), _rng);
            await ClickAsync(condition, item, direction == ExpO.Shared.Study.Direction.Up ? "+" : "-");
        }
    }

    public async Task AnswerAsync(string question, string answer) =>
        await _frame.Locator($"[data-testid={question}] [data-testid=answer-{answer}]").ClickAsync();

    public async Task FillAsync(string field, string text) =>
        await _frame.Locator($"[data-testid={field}] textarea, textarea[data-testid={field}]").First.FillAsync(text);

    /// <summary>Consent, a practice click, then every round with its two questions, then the final questions.</summary>
    public async Task PlayStudyAsync(Func<int, Task>? duringRound = null)
    {
        await WaitForStageAsync("Consent");
        await ShotAsync("1-consent");
        await _frame.Locator("[data-testid=agree]").ClickAsync();
        await WaitForStageAsync("Instructions");
        await _frame.Locator("[data-testid=condition-Practice]").WaitForAsync();
        await ClickAsync("Practice", 4, "+");
        await ShotAsync("2-instructions");
        await _frame.Locator("[data-testid=start-rounds]").ClickAsync();
        for (int round = 1; round <= rounds; round++)
        {
            await WaitForStageAsync("Round");
            await _frame.GetByText($"Round {round} of {rounds}").WaitForAsync();
            if (round == 1) await ShotAsync("3-round-start");
            if (duringRound is not null) await duringRound(round);
            await PlayConditionAsync("A");
            await PlayConditionAsync("B");
            if (round == 1) await ShotAsync("4-round-finished");
            await _frame.Locator("[data-testid=to-questions]").ClickAsync();
            await _frame.Locator("[data-testid=useful]").WaitForAsync();
            await AnswerAsync("useful", "A");
            await AnswerAsync("expectation", round % 2 == 0 ? "B" : "same");
            if (round == 1) await ShotAsync("5-round-questions");
            await _frame.Locator("[data-testid=continue]").ClickAsync();
        }
        await WaitForStageAsync("Final");
        await AnswerAsync("final-useful", "A");
        await FillAsync("useful-why", "Its estimates came true more often.");
        await AnswerAsync("final-expectation", "A");
        await FillAsync("expectation-why", "The price moved by about the amount shown.");
        await FillAsync("comments", "Clear task.");
        await ShotAsync("6-final-questions");
        await _frame.Locator("[data-testid=submit-final]").ClickAsync();
    }
}

/// <summary>What one condition panel shows, read from its data attributes.</summary>
sealed record PanelState(double Price, double Low, double High, int Steps, bool Done, double[] Items)
{
    /// <summary>The panel as the API would have described it, for the shared click policies.</summary>
    public ExpO.Shared.Study.Contracts.ConditionView AsView() => new(null, Price, (Low + High) / 2, Low, High, Steps, Done, null,
        Items.Select((v, i) => new ExpO.Shared.Study.Contracts.ItemView(i + 1, v)).ToArray());
}
