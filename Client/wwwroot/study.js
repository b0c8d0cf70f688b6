// What the participant pages ask of the browser beyond rendering (called through Client/Services/PageEffects.cs).
window.expoStudy = {
  // A new stage opens at its top with focus on its heading: neither the last page's scroll position (a phone would
  // open round 1 on Condition B) nor its focus (the pressed button is gone) carries over.
  showStageTop: function () {
    window.scrollTo(0, 0);
    const heading = document.querySelector('[data-stage] h4, [data-stage] h5');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
  },
  focus: function (selector) {
    const element = document.querySelector(selector);
    if (element) element.focus({ preventScroll: true });
  },
  // False where the browser refuses (no clipboard on plain http, or permission denied): the page then asks the
  // participant to copy the selected link themselves.
  copy: async function (text) {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  },
};
