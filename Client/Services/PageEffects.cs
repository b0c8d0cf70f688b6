using Microsoft.JSInterop;

namespace ExpO.Client.Services;

/// <summary>Scrolling, focus and the clipboard: what the participant pages ask of the browser (wwwroot/study.js).</summary>
public sealed class PageEffects(IJSRuntime js)
{
    /// <summary>Scroll to the top and focus the stage's heading, as a new page would.</summary>
    public ValueTask ShowStageTopAsync() => js.InvokeVoidAsync("expoStudy.showStageTop");

    /// <summary>After a side finished: focus the other side's board if it is unfinished, else the button to the questions.</summary>
    public ValueTask FocusNextAsync(string otherSide) => js.InvokeVoidAsync("expoStudy.focusNext", otherSide);

    /// <summary>
    /// Copies text to the clipboard and says how it went, for the participant: where the browser refuses (no clipboard
    /// on plain http, or permission denied) they are asked to select <paramref name="what"/> and copy it themselves.
    /// </summary>
    public async Task<string> CopyAsync(string text, string what) =>
        await js.InvokeAsync<bool>("expoStudy.copy", text) ? "Copied." : $"Your browser did not allow copying: select {what} and copy it.";
}
