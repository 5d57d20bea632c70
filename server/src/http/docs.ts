/**
 * GET /api/openapi.json and GET /api/docs: the OpenAPI 3.1 document generated from the routes'
 * own zod schemas, and a readable reference page made from it on the server (no CDN script: a
 * workshop box may be offline).
 * @module
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';

type Doc = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

export function openApiDocument(api: OpenAPIHono<AppEnv>): Doc {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Manufacto API',
      version: '0.1.0',
      description:
        'Machines, sharing (sites, members, trainings, reservations) and usage of a Manufacture de proximité. Times are ISO 8601 instants; errors are `{ code, message, requestId }`; refused bookings list typed `reasons` with words in French and English. `x-roles` says who may call each route.',
    },
    servers: [{ url: '/api' }],
  });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function docsPage(doc: Doc): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const roles = (op['x-roles'] as string[] | undefined)?.join(', ') ?? '—';
      const params = (
        (op.parameters as
          | Array<{ name: string; in: string; required?: boolean; description?: string }>
          | undefined) ?? []
      )
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`,
        )
        .join('');
      const body = (
        op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined
      )?.content?.['application/json']?.schema;
      const responses = Object.entries(
        (op.responses as Record<string, { description?: string }>) ?? {},
      )
        .map(([status, r]) => `<li><b>${status}</b> ${escapeHtml(r.description ?? '')}</li>`)
        .join('');
      sections.push(`<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>/api${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))} <small>roles: ${escapeHtml(roles)}</small></p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body</h4><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, s]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(s, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Manufacto API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d232a}
pre{background:#f4f5f7;padding:.75rem;overflow:auto;font-size:13px}
section{border-top:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
.get{background:#2a7ab0}.post{background:#2f8f46}.patch,.put{background:#b07a2a}.delete{background:#b03a2a}
small{color:#666;margin-left:.5rem}
</style>
<h1>Manufacto API</h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<h2>Operations</h2>
${sections.join('\n')}
<h2>Schemas</h2>
${schemas}
</html>`;
}
