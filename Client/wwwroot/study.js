// What the participant pages ask of the browser beyond rendering (called through Client/Services/PageEffects.cs).
window.expoStudy = {
  // A new stage opens at its top with focus on its heading: neither the last page's scroll position (a phone would
  // open round 1 on Condition B) nor its focus (the pressed button is gone) carries over.
  showStageTop: function () {
    window.scrollTo(0, 0);
    const heading = document.querySelector('[data-stage] h2');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
  },
  // A side just finished: the focus goes on to the other side's board where it is unfinished (its current button),
  // else to the button that leads to the questions.
  focusNext: function (otherSide) {
    const other = document.querySelector(`[data-testid=condition-${otherSide}]`);
    const target = other && other.dataset.done !== 'true'
      ? other.querySelector('.step-button[tabindex="0"]:not([disabled])') || other.querySelector('.step-button:not([disabled])')
      : document.querySelector('[data-testid=to-questions]');
    if (target) target.focus({ preventScroll: true });
  },
  // False where the browser refuses (no clipboard on plain http, or permission denied): the page then asks the
  // participant to copy the selected link themselves.
  copy: async function (text) {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  },
};

// Each board ([data-board]) is one tab stop (a roving tabindex): the button last focused keeps tabindex 0, the others
// -1, and the arrow keys move inside (up and down the items, left and right between - and +; Home and End to the first
// and last item). The page renders the first button as the stop; from then on this keeps it.
(function () {
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const stepButton = target => target instanceof Element ? target.closest('[data-board] .step-button') : null;
  function makeStop(button) {
    for (const b of button.closest('[data-board]').querySelectorAll('.step-button')) b.tabIndex = b === button ? 0 : -1;
  }
  document.addEventListener('focusin', e => { const b = stepButton(e.target); if (b) makeStop(b); });
  document.addEventListener('keydown', e => {
    const button = stepButton(e.target);
    if (!button || e.altKey || e.ctrlKey || e.metaKey) return;
    const rows = [...button.closest('[data-board]').querySelectorAll('tbody tr')];
    let row = rows.indexOf(button.closest('tr')), column = button.classList.contains('plus') ? 1 : 0;
    if (e.key in moves) { row += moves[e.key][0]; column += moves[e.key][1]; }
    else if (e.key === 'Home') row = 0;
    else if (e.key === 'End') row = rows.length - 1;
    else return;
    e.preventDefault(); // the arrows would scroll the page
    const next = rows[Math.max(0, Math.min(rows.length - 1, row))]?.querySelectorAll('.step-button')[Math.max(0, Math.min(1, column))];
    if (next && !next.disabled) { makeStop(next); next.focus(); }
  });
})();
