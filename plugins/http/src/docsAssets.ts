import { readFile } from 'node:fs/promises';

/** The files of the docs page, served by the server itself so the page works offline. */
export interface DocsAssets {
  readonly html: string;
  readonly 'docs.js': string;
  readonly 'docs.css': string;
}

/** Reads the page from the package's `assets/` folder (next to `dist/`). */
export async function loadDocsAssets(): Promise<DocsAssets> {
  const dir = new URL('../../assets/', import.meta.url);
  const [html, js, css] = await Promise.all(
    ['docs.html', 'docs.js', 'docs.css'].map((name) => readFile(new URL(name, dir), 'utf8')),
  );
  return { html: html!, 'docs.js': js!, 'docs.css': css! };
}
