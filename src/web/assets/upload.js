// Progressive enhancement of the import form: without this script the form posts as usual; with it,
// a progress bar shows the upload, and the browser then goes where the server sent the upload.
(() => {
  const form = document.getElementById('upload');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const bar = document.getElementById('upload-progress');
  form.addEventListener('submit', (event) => {
    const file = form.querySelector('input[type=file]');
    // Without a file the server answers with the form and its error message.
    if (!file || file.files.length === 0) return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener('load', () => {
      bar.value = 100;
      if (xhr.status < 400 && xhr.responseURL && !xhr.responseURL.endsWith('/app/imports')) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // An error page: shown as the server wrote it.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', () => form.submit());
    xhr.send(new FormData(form));
  });
})();
