// Renders the silo's OpenAPI document as a readable list of operations (no external scripts).
(async () => {
  const main = document.getElementById('reference');
  const loading = document.getElementById('loading');
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  let doc;
  try {
    doc = await (await fetch('/openapi/v1.json')).json();
  } catch (e) {
    loading.textContent = 'Could not read /openapi/v1.json: ' + e;
    return;
  }
  loading.remove();
  const schemas = (doc.components && doc.components.schemas) || {};
  const describe = (schema, depth) => {
    if (!schema) return '';
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop();
      return depth > 1 ? name : name + ' ' + describe(schemas[name], depth + 1);
    }
    if (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))) return '[' + describe(schema.items, depth) + ']';
    if (schema.properties) {
      return '{ ' + Object.entries(schema.properties).map(([k, v]) => k + ': ' + describe(v, depth + 1)).join(', ') + ' }';
    }
    return Array.isArray(schema.type) ? schema.type.filter(t => t !== 'null').join('|') : (schema.type || '');
  };
  const byTag = {};
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      (byTag[tag] = byTag[tag] || []).push({ path, method, op });
    }
  }
  for (const [tag, ops] of Object.entries(byTag)) {
    const section = el('section', 'card');
    section.appendChild(el('h2', null, tag));
    for (const { path, method, op } of ops) {
      const block = el('div', 'operation');
      const head = el('h3');
      head.appendChild(el('span', 'method ' + method, method.toUpperCase()));
      head.appendChild(el('code', null, ' ' + path));
      block.appendChild(head);
      if (op.summary) block.appendChild(el('p', 'summary', op.summary + (op.operationId ? ' (' + op.operationId + ')' : '')));
      if (op.description) block.appendChild(el('p', null, op.description));
      if (op.parameters && op.parameters.length) {
        block.appendChild(el('p', 'params', 'Parameters: ' + op.parameters.map(p => p.name + ' (' + p.in + (p.required ? ', required' : '') + ')').join(', ')));
      }
      const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (body) block.appendChild(el('p', 'params', 'Body: ' + describe(body.schema, 0)));
      const responses = Object.entries(op.responses || {}).map(([code, r]) => {
        const content = r.content && (r.content['application/json'] || r.content['application/problem+json']);
        return code + (content && content.schema && code < 300 ? ' ' + describe(content.schema, 0) : '');
      });
      block.appendChild(el('p', 'params', 'Answers: ' + responses.join('; ')));
      section.appendChild(block);
    }
    main.appendChild(section);
  }
})();
