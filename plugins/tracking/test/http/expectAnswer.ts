import { expect } from 'chai';
import type { WireAnswer } from './pythonMlflowClient.js';

/** Keys whose values the server sets from its clock. */
const clockKeys = new Set(['creation_time', 'last_update_time']);

/**
 * `body` with every server-set time (`creation_time`, `last_update_time`) checked to lie between
 * `since` and now and replaced by `'<now>'`, and every known id replaced by its name
 * (`{ [runId]: '<run>' }`), so whole bodies compare with fixed expectations.
 */
export function known(body: unknown, since: number, ids: Readonly<Record<string, string>> = {}): unknown {
  if (Array.isArray(body)) return body.map((item) => known(item, since, ids));
  if (typeof body === 'string') {
    let text = body;
    for (const [id, name] of Object.entries(ids)) text = text.split(id).join(name);
    return text;
  }
  if (body === null || typeof body !== 'object') return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (clockKeys.has(key)) {
        expect(value, key).to.be.a('number').within(since, Date.now());
        return [key, '<now>'];
      }
      return [key, known(value, since, ids)];
    }),
  );
}

/** Asserts a 200 and returns the body. */
export function okBody(answer: WireAnswer): unknown {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
  return answer.body;
}

/** Asserts an MLflow error answer: status, `error_code` and exact message. */
export function expectMlflowError(
  answer: WireAnswer,
  status: number,
  errorCode: string,
  message: string,
): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  const body = answer.body as { error_code: string; message: string };
  expect(body.error_code).to.equal(errorCode);
  expect(body.message).to.equal(message);
}
