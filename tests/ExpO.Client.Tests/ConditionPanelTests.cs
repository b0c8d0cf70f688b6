using Bunit;
using ExpO.Client.Components;
using ExpO.Shared.Study;

namespace ExpO.Client.Tests;

public class ConditionPanelTests : ClientTestContext
{
    [Fact]
    public void Shows_price_target_and_every_items_magnitude_in_dollars()
    {
        var cut = Render<ConditionPanel>(p => p.Add(x => x.View, View(Condition.A)).Add(x => x.Title, "Condition A"));
        Assert.Equal("$20,000", cut.Find("[data-testid=price]").TextContent);
        Assert.Equal("$28,700 – $30,700", cut.Find("[data-testid=target]").TextContent);
        var magnitudes = cut.FindAll("[data-testid=magnitude]").Select(e => e.TextContent).ToArray();
        Assert.Equal(11, magnitudes.Length);
        Assert.Equal("$300", magnitudes[2]);
        Assert.Equal("$1,100", magnitudes[10]);
        // The distance to the range's low end, $28,700 - $20,000 (issue 12: it named the distance to the middle, $9,700).
        Assert.Contains("$8,700 to go up", cut.Markup);
    }

    [Theory]
    [InlineData("plus", Direction.Up)]
    [InlineData("minus", Direction.Down)]
    public void Plus_and_minus_report_the_item_and_direction(string button, Direction direction)
    {
        var moves = new List<ConditionPanel.Move>();
        var cut = Render<ConditionPanel>(p => p.Add(x => x.View, View(Condition.B)).Add(x => x.Title, "Condition B")
            .Add(x => x.OnMove, m => moves.Add(m)));
        cut.Find($"[data-testid=item-3] [data-testid={button}]").Click();
        Assert.Equal([new ConditionPanel.Move(3, direction)], moves);
    }

    [Fact]
    public void A_finished_condition_says_so_and_takes_no_clicks()
    {
        var moves = new List<ConditionPanel.Move>();
        var cut = Render<ConditionPanel>(p => p.Add(x => x.View, View(Condition.A, steps: 4, done: true)).Add(x => x.Title, "Condition A")
            .Add(x => x.OnMove, m => moves.Add(m)));
        Assert.Contains("Target reached in 4 steps", cut.Find("[data-testid=done]").TextContent);
        var buttons = cut.FindAll("[data-testid=plus], [data-testid=minus]");
        Assert.Equal(22, buttons.Count);
        Assert.All(buttons, b => Assert.True(b.HasAttribute("disabled")));
        Assert.Empty(moves);
    }

    [Fact]
    public void The_last_change_is_shown_with_its_sign()
    {
        var cut = Render<ConditionPanel>(p => p.Add(x => x.View, View(Condition.A, steps: 1)).Add(x => x.Title, "A"));
        Assert.Equal("+$850 with the last click", cut.Find("[data-testid=last-change]").TextContent);
        var fresh = Render<ConditionPanel>(p => p.Add(x => x.View, View(Condition.A)).Add(x => x.Title, "A"));
        Assert.Equal("No clicks yet", fresh.Find("[data-testid=last-change]").TextContent);
    }

    [Fact]
    public void Above_the_range_it_names_the_distance_down_to_the_high_end()
    {
        var above = View(Condition.A) with { PriceDollars = 32_000 };
        var cut = Render<ConditionPanel>(p => p.Add(x => x.View, above).Add(x => x.Title, "A"));
        Assert.Contains("$1,300 to go down", cut.Markup); // 32,000 - 30,700
    }
}
