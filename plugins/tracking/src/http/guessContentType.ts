/** Content types by file extension, those Python's `mimetypes` knows for common artifact files. */
const byExtension: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  py: 'text/x-python',
  json: 'application/json',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  wav: 'audio/x-wav',
  mp3: 'audio/mpeg',
};

/**
 * The content type MLflow's server gives an artifact of this name (`_guess_mime_type`): `MLmodel`
 * and `MLproject` are text, known extensions their type, anything else `application/octet-stream`.
 */
export function guessContentType(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'MLmodel' || name === 'MLproject') return 'text/plain';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return byExtension[name.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** A `Content-Disposition` that makes browsers download the file rather than show it. */
export function attachmentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^[\x20-\x7e]*$/.test(name) && !/[";\\]/.test(name)
    ? `attachment; filename=${name}`
    : `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}
