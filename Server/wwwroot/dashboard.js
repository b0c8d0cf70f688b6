// The researchers' dashboard, live without a reload: the server renders the same view as a fragment (the box's
// data-refresh-url), swapped in every data-refresh-ms. A file rather than an inline script, so the page's
// Content-Security-Policy needs no exception for it. Outside /admin: every /admin path needs a signed-in researcher,
// and this file holds nothing secret.
const box = document.getElementById('dashboard');
setInterval(async () => {
    const answer = await fetch(box.dataset.refreshUrl, { cache: 'no-store' });
    if (answer.ok) box.innerHTML = await answer.text();
}, Number(box.dataset.refreshMs));
