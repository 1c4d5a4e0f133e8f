// Progressive enhancement of an import's page: while it runs, its progress is fetched every half
// second and shown; when it is done the page reloads with the summary. Without this script the
// page has a "Check again" link.
(() => {
  const box = document.getElementById('import');
  if (box?.dataset.running !== '1' || !window.fetch) return;
  const bar = document.getElementById('import-progress');
  const rows = document.getElementById('import-rows');
  const bytes = document.getElementById('import-bytes');
  const status = document.getElementById('import-status');
  const tick = async () => {
    try {
      const r = await fetch(box.dataset.progressUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!r.ok) return;
      const p = await r.json();
      bar.max = p.max;
      bar.value = p.value;
      rows.textContent = p.rows;
      bytes.textContent = p.bytes;
      status.textContent = p.status;
      if (!p.running) {
        window.location.reload();
        return;
      }
    } catch {
      // A network hiccup: try again.
    }
    setTimeout(tick, 500);
  };
  setTimeout(tick, 300);
})();
