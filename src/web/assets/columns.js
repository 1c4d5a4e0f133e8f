// Progressive enhancement of the mapping step: each change to a choice fetches the page with the
// choices (as "Show the preview" would) and puts its preview and error summary in place, so the
// person sees at once what the import would read. Without this script the button does the same.
(() => {
  const form = document.getElementById('columns');
  if (!form || !window.fetch || !window.DOMParser) return;
  let pending = null;
  const refresh = async () => {
    const params = new URLSearchParams(new FormData(form));
    params.delete('_csrf');
    params.delete('go');
    const url = `${form.dataset.previewUrl}?${params.toString()}`;
    try {
      const r = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
      const next = doc.getElementById('preview');
      if (next) document.getElementById('preview').replaceWith(next);
      const summary = document.querySelector('.error-summary');
      const nextSummary = doc.querySelector('.error-summary');
      if (summary && !nextSummary) summary.remove();
      else if (nextSummary && summary) summary.replaceWith(nextSummary);
      else if (nextSummary) document.querySelector('h1').before(nextSummary);
      // Each field's own message, as the new page has it (added, changed or gone).
      for (const control of form.querySelectorAll('select, input')) {
        if (!control.id) continue;
        const mine = document.getElementById(`${control.id}-error`);
        const theirs = doc.getElementById(`${control.id}-error`);
        if (mine && theirs) mine.replaceWith(theirs);
        else if (mine) mine.remove();
        else if (theirs) control.before(theirs);
        const described = doc.getElementById(control.id)?.getAttribute('aria-describedby');
        if (described) control.setAttribute('aria-describedby', described);
        else control.removeAttribute('aria-describedby');
      }
      history.replaceState(null, '', url);
    } catch {
      // The button still works.
    }
  };
  form.addEventListener('change', () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  });
})();
