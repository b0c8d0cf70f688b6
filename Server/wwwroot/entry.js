// The entry form (Server/Study/EntryPage.razor) carries the window's size and main input when "I agree" is pressed,
// for the researchers' device columns. Nothing else about the device is read. Without script the form works the same.
// Capture phase: before Blazor's own handler of the enhanced form reads the form's fields.
document.addEventListener('submit', function (e) {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-entry-form')) return;
  const set = function (name, value) {
    let input = form.querySelector(`input[name="${name}"]`);
    if (!input) { input = document.createElement('input'); input.type = 'hidden'; input.name = name; form.appendChild(input); }
    input.value = value;
  };
  set('viewportWidth', String(Math.round(window.innerWidth)));
  set('viewportHeight', String(Math.round(window.innerHeight)));
  set('input', matchMedia('(pointer: coarse)').matches ? 'touch' : matchMedia('(pointer: fine)').matches ? 'mouse' : '');
}, true);
