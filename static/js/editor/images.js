// Choosing a picture: the file picker, the upload (POST /api/media) and what went wrong
// in words (the server decodes the file and says why it refuses one).
import { uploadImage } from './api.js';

/** A pickImage() for the forms: resolves to {hash, url} or null (cancelled, refused). */
export function imagePicker(input, status) {
  function say(text, isError = false) {
    status.hidden = !text;
    status.textContent = text;
    status.classList.toggle('error-text', isError);
    status.setAttribute('role', isError ? 'alert' : 'status');
  }
  return function pickImage() {
    return new Promise((resolve) => {
      input.value = '';
      const done = async () => {
        input.removeEventListener('change', done);
        input.removeEventListener('cancel', cancel);
        const file = input.files[0];
        if (!file) return resolve(null);
        say(`Uploading ${file.name}…`);
        try {
          const image = await uploadImage(file);
          say('');
          resolve(image);
        } catch (err) {
          say(`${file.name} was not added: ${err.message}`, true);
          resolve(null);
        }
      };
      const cancel = () => {
        input.removeEventListener('change', done);
        input.removeEventListener('cancel', cancel);
        resolve(null);
      };
      input.addEventListener('change', done);
      input.addEventListener('cancel', cancel);
      input.click();
    });
  };
}
