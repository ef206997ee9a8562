import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import { parseQuery } from '../src/parseQuery.js';

/** What koa itself gives as `ctx.query` for `querystring`: the behaviour parseQuery must keep. */
function koaQuery(querystring: string): Record<string, unknown> {
  const req = new IncomingMessage(new Socket());
  req.url = `/x?${querystring}`;
  return new Koa().createContext(req, new ServerResponse(req)).query as Record<string, unknown>;
}

function expectSameAsKoa(querystring: string): void {
  const ours = parseQuery(querystring);
  const koa = koaQuery(querystring);
  const context = `query string ${JSON.stringify(querystring)}`;
  expect(Object.keys(ours), context).to.deep.equal(Object.keys(koa));
  expect(Object.getOwnPropertyNames(ours), context).to.deep.equal(Object.getOwnPropertyNames(koa));
  for (const key of Object.getOwnPropertyNames(koa)) {
    expect(Object.getOwnPropertyDescriptor(ours, key), `${context}, key ${key}`).to.deep.equal(
      Object.getOwnPropertyDescriptor(koa, key),
    );
  }
  expect(Object.getPrototypeOf(ours), context).to.equal(Object.getPrototypeOf(koa));
}

describe('parseQuery', () => {
  it('gives what koa gives for plain, repeated, empty and odd pairs', () => {
    for (const q of [
      '',
      'run_id=abc',
      'name=m&version=1',
      'a=1&a=2&a=3&b=x',
      'a',
      'a=',
      '=x',
      '&&a=1&&',
      '&',
      'a=1=2',
      'b=2&1=a&0=c',
      '__proto__=x&constructor=y&toString=z',
      'é=ü&ß',
    ]) {
      expectSameAsKoa(q);
    }
  });

  it('decodes percent escapes and plus signs as koa does, malformed ones included', () => {
    for (const q of [
      'x=%41%42',
      'x=a+b',
      'a%20b=c+d&a+b=e',
      'x=%zz&y=%',
      'x=%E2%82%AC',
      'x=%FF',
      '%5F%5Fproto%5F%5F=1',
    ]) {
      expectSameAsKoa(q);
    }
  });

  it('gives what koa gives for every string of up to 4 characters from an alphabet of separators and escapes', () => {
    const alphabet = ['a', '=', '&', '%', '+', '4', 'F', 'é'];
    let strings = [''];
    for (let length = 1; length <= 4; length++) {
      strings = strings.flatMap((s) => (s.length === length - 1 ? alphabet.map((c) => s + c) : []));
      for (const q of strings) expectSameAsKoa(q);
    }
  });

  it('returns a fresh object on every call, so a caller may coerce it in place', () => {
    const first = parseQuery('max_results=5&tag=a&tag=b');
    first.max_results = 5;
    (first.tag as string[]).push('c');
    expect(parseQuery('max_results=5&tag=a&tag=b')).to.deep.equal({ max_results: '5', tag: ['a', 'b'] });
  });
});
