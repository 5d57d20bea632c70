/**
 * The OpenAPI document says what each route answers: an error response is the one of its own
 * status (a 403 documented as "Invalid request" told clients a refusal was their typo).
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';
import { errorResponses } from './openapi.js';

interface Response {
  description: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}

describe('the OpenAPI document', () => {
  it('documents each error status with its own error response', async () => {
    const { call } = await testApp();
    const doc = (await (await call('GET', '/api/openapi.json', undefined, AS.nobody)).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, Response> }>>;
    };
    const wrong: string[] = [];
    let errors = 0;
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema?.$ref;
          if (schema !== '#/components/schemas/Error') continue;
          errors++;
          const own = errorResponses[Number(status) as keyof typeof errorResponses];
          if (own?.description !== response.description)
            wrong.push(`${method.toUpperCase()} ${path} ${status}: "${response.description}"`);
        }
    expect(errors).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });
});
