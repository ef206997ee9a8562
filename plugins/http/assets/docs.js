// The API docs page: renders the server's OpenAPI document and sends requests from it.
// Self-contained (no CDN, no inline code) so it works offline under the server's CSP.
// `renderDocument` is a pure function from the document to HTML; the server's tests run it.

function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function typeOf(schema) {
  if (!schema || typeof schema !== 'object') return 'any';
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return `${typeOf(schema.items)}[]`;
  return type || (schema.properties ? 'object' : 'any');
}

function exampleOf(schema, depth) {
  if (!schema || typeof schema !== 'object' || depth > 4) return null;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const out = {};
    for (const [name, sub] of Object.entries(schema.properties || {})) out[name] = exampleOf(sub, depth + 1);
    return out;
  }
  if (type === 'array') return [exampleOf(schema.items, depth + 1)];
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (type === 'string') return '';
  return null;
}

function renderParameters(parameters) {
  if (!parameters || parameters.length === 0) return '';
  const rows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="required">required</span>' : ''}</td>` +
        `<td>${escapeHtml(p.in)}</td><td><code>${escapeHtml(typeOf(p.schema))}</code></td>` +
        `<td>${escapeHtml(p.description || '')}</td>` +
        `<td><input name="${escapeHtml(`${p.in}:${p.name}`)}" aria-label="${escapeHtml(p.name)}"></td></tr>`,
    )
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderBody(requestBody) {
  if (!requestBody) return '';
  const [type, media] = Object.entries(requestBody.content || {})[0] || ['application/json', {}];
  if (type !== 'application/json') {
    return `<h4>Request body</h4><p><code>${escapeHtml(type)}</code>: raw bytes (send them with curl <code>--data-binary @file</code>)</p>`;
  }
  const example = JSON.stringify(exampleOf(media.schema, 0), null, 2);
  return (
    `<h4>Request body</h4><pre class="schema">${escapeHtml(JSON.stringify(media.schema, null, 2))}</pre>` +
    `<textarea name="body" rows="6" aria-label="request body">${escapeHtml(example)}</textarea>`
  );
}

function renderResponses(responses) {
  const items = Object.entries(responses || {})
    .map(([status, r]) => {
      const media = r.content && Object.values(r.content)[0];
      const schema = media?.schema
        ? `<pre class="schema">${escapeHtml(JSON.stringify(media.schema, null, 2))}</pre>`
        : '';
      return `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description || '')}${schema}</li>`;
    })
    .join('');
  return `<h4>Responses</h4><ul class="responses">${items}</ul>`;
}

function renderOperation(path, method, op) {
  const id = escapeHtml(op.operationId || `${method} ${path}`);
  return (
    `<details class="op" id="${id}"><summary><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> ` +
    `<code>${escapeHtml(path)}</code> <span class="summary">${escapeHtml(op.summary || '')}</span></summary>` +
    `<form class="try" data-method="${escapeHtml(method.toUpperCase())}" data-path="${escapeHtml(path)}">` +
    `<p class="opid">operationId <code>${id}</code></p>` +
    renderParameters(op.parameters) +
    renderBody(op.requestBody) +
    renderResponses(op.responses) +
    '<button type="submit">Send</button><pre class="curl"></pre><pre class="result"></pre></form></details>'
  );
}

function renderDocument(doc) {
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] || 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(renderOperation(path, method, op));
    }
  }
  const names = [...groups.keys()].sort();
  const nav = names.map((t) => `<a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(' ');
  const sections = names
    .map(
      (t) =>
        `<section id="tag-${escapeHtml(t)}"><h2>${escapeHtml(t)}</h2>${groups.get(t).join('')}</section>`,
    )
    .join('');
  const info = doc.info || {};
  return (
    `<header><h1>${escapeHtml(info.title || 'API')} <small>${escapeHtml(info.version || '')}</small></h1>` +
    '<p>OpenAPI document: <a href="/api/openapi.json">/api/openapi.json</a></p>' +
    '<label>Bearer token (optional) <input id="token" type="password" autocomplete="off"></label>' +
    `<nav>${nav}</nav></header>${sections}`
  );
}

function requestOf(form, origin) {
  let path = form.dataset.path;
  const query = new URLSearchParams();
  for (const input of form.querySelectorAll('input[name]')) {
    const [where, name] = input.name.split(/:(.*)/s);
    if (input.value === '') continue;
    if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(input.value));
    else if (where === 'query') query.append(name, input.value);
  }
  const qs = query.toString();
  const textarea = form.querySelector('textarea[name=body]');
  const method = form.dataset.method;
  const body = textarea && method !== 'GET' && method !== 'HEAD' ? textarea.value : undefined;
  return { method, url: origin + path + (qs ? `?${qs}` : ''), body };
}

function curlOf(request, token) {
  const parts = [`curl -X ${request.method} '${request.url}'`];
  if (token) parts.push("-H 'Authorization: Bearer …'");
  if (request.body)
    parts.push(`-H 'Content-Type: application/json' -d '${request.body.replace(/'/g, "'\\''")}'`);
  return parts.join(' \\\n  ');
}

async function send(form) {
  const token = document.getElementById('token').value;
  const request = requestOf(form, window.location.origin);
  form.querySelector('.curl').textContent = curlOf(request, token);
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const out = form.querySelector('.result');
  out.textContent = '…';
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body || undefined,
    });
    const text = await response.text();
    let shown = text;
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: show it as it came
    }
    out.textContent = `${response.status} ${response.statusText}\n\n${shown}`;
  } catch (err) {
    out.textContent = `request failed: ${err.message}`;
  }
}

async function start() {
  const app = document.getElementById('app');
  try {
    const response = await fetch(app.dataset.spec);
    app.innerHTML = renderDocument(await response.json());
  } catch (err) {
    app.textContent = `could not load the API description: ${err.message}`;
    return;
  }
  app.addEventListener('submit', (event) => {
    event.preventDefault();
    send(event.target);
  });
}

if (typeof document !== 'undefined') document.addEventListener('DOMContentLoaded', start);
