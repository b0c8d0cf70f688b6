using Microsoft.JSInterop;

namespace ExpO.Client.Services;

/// <summary>Scrolling, focus and the clipboard: what the participant pages ask of the browser (wwwroot/study.js).</summary>
public sealed class PageEffects(IJSRuntime js)
{
    /// <summary>Scroll to the top and focus the stage's heading, as a new page would.</summary>
    public ValueTask ShowStageTopAsync() => js.InvokeVoidAsync("expoStudy.showStageTop");

    public ValueTask FocusAsync(string selector) => js.InvokeVoidAsync("expoStudy.focus", selector);

    /// <summary>After a side finished: focus the other side's board if it is unfinished, else the button to the questions.</summary>
    public ValueTask FocusNextAsync(string otherSide) => js.InvokeVoidAsync("expoStudy.focusNext", otherSide);

    /// <summary>Copies text to the clipboard; false if the browser would not.</summary>
    public ValueTask<bool> CopyAsync(string text) => js.InvokeAsync<bool>("expoStudy.copy", text);
}
