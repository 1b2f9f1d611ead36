// ServiceStack's own TypeScript client (@servicestack/client, JsonServiceClient), a client
// independent of svcgen, driven from stdin: the interop tests use it as an oracle for what
// a ServiceStack client sends (routes, verbs, query strings, bodies, headers) and how it
// reads answers, to compare with the generated Rust clients.
//
// Usage: node servicestack-client.mjs <base-url> < calls.json
//
// stdin is a JSON array of calls, sent one after another, each with a fresh
// `new JsonServiceClient(baseUrl)` (default base path `api`: `/api/{Name}`; fresh, so that
// no Authorization header or cookie carries over from one call to the next). A call:
//   {"kind": "api" | "apiVoid" | "sendAll" | "sendAllOneWay" | "sendOneWay",
//    "name": "QueryBookings",   the request DTO's type name (getTypeName())
//    "method": "GET",           the DTO's verb (getMethod()), upper-cased; default POST
//    "dto": {...},              the DTO's members (for sendAll/sendAllOneWay: "dtos": [{...}, ...],
//                               each of type `name`)
//    "returns": "json" | "void" | "string" | "bytes",   default json; what createResponse()
//                               returns, which steers how the client reads the answer:
//                               json {}, void undefined, string '' (always read as text),
//                               bytes new Uint8Array(0) (read as bytes unless the answer is
//                               application/json, which is parsed as JSON first)
//    "bearerToken": "..."}      optional, set on the client (Authorization: Bearer ...)
// Each DTO is an instance of a class made for the call, with getTypeName(), getMethod() and
// createResponse() on its prototype and the members copied on with Object.assign.
//
// stdout: one JSON line per call, in order, then exit 0:
//   {"ok": true, "response": R}   R: the response as the client returns it (null for
//                                 undefined); a string answer as a JSON string; a byte answer
//                                 (Uint8Array) as a base64 string
//   {"ok": false, "error": S}     S: the ResponseStatus the client reports (api/apiVoid: the
//                                 ApiResult's error; sendAll/sendAllOneWay/sendOneWay: the
//                                 thrown error's responseStatus)
//   {"ok": false, "exception": M} anything else thrown (a malformed call, a network error
//                                 from the send* calls), M its message
// kind -> client method: api -> client.api(dto), apiVoid -> client.apiVoid(dto),
// sendAll -> client.sendAll(dtos), sendAllOneWay -> client.sendAllOneWay(dtos),
// sendOneWay -> client.sendOneWay(dto) (publish() is an alias of it).
// A malformed stdin or a missing base URL: a message on stderr and exit 2.

import { JsonServiceClient } from '@servicestack/client';

const RETURNS = {
  json: () => ({}),
  void: () => undefined,
  string: () => '',
  bytes: () => new Uint8Array(0),
};

function dtoClass(call) {
  const name = call.name;
  if (typeof name !== 'string' || name === '') throw new Error('a call needs a "name"');
  const method = (call.method ?? 'POST').toUpperCase();
  const returns = call.returns ?? 'json';
  const createResponse = RETURNS[returns];
  if (!createResponse) throw new Error(`unknown "returns": ${returns}`);
  return class {
    getTypeName() { return name; }
    getMethod() { return method; }
    createResponse() { return createResponse(); }
  };
}

function dtoOf(Dto, members) {
  if (members == null || typeof members !== 'object' || Array.isArray(members)) {
    throw new Error('a DTO must be a JSON object');
  }
  return Object.assign(new Dto(), members);
}

function printable(response) {
  if (response === undefined) return null;
  if (response instanceof Uint8Array) return Buffer.from(response).toString('base64');
  return response;
}

function statusOf(e) {
  return e?.responseStatus ?? e?.ResponseStatus;
}

async function run(baseUrl, call) {
  const Dto = dtoClass(call);
  const client = new JsonServiceClient(baseUrl);
  if (call.bearerToken != null) client.bearerToken = call.bearerToken;
  switch (call.kind) {
    case 'api':
    case 'apiVoid': {
      const result = await (call.kind === 'api'
        ? client.api(dtoOf(Dto, call.dto))
        : client.apiVoid(dtoOf(Dto, call.dto)));
      return result.error != null
        ? { ok: false, error: result.error }
        : { ok: true, response: printable(result.response) };
    }
    case 'sendAll':
    case 'sendAllOneWay':
    case 'sendOneWay': {
      let send;
      if (call.kind === 'sendOneWay') {
        const dto = dtoOf(Dto, call.dto);
        send = () => client.sendOneWay(dto);
      } else {
        if (!Array.isArray(call.dtos)) throw new Error(`${call.kind} needs "dtos", an array`);
        const dtos = call.dtos.map((members) => dtoOf(Dto, members));
        send = () => (call.kind === 'sendAll' ? client.sendAll(dtos) : client.sendAllOneWay(dtos));
      }
      try {
        return { ok: true, response: printable(await send()) };
      } catch (e) {
        const status = statusOf(e);
        if (status != null) return { ok: false, error: status };
        throw e;
      }
    }
    default:
      throw new Error(`unknown "kind": ${call.kind}`);
  }
}

function messageOf(e) {
  if (e instanceof Error) return e.cause?.message ? `${e.message}: ${e.cause.message}` : e.message;
  return typeof e === 'string' ? e : JSON.stringify(e) ?? String(e);
}

async function main() {
  const baseUrl = process.argv[2];
  if (!baseUrl) {
    process.stderr.write('usage: node servicestack-client.mjs <base-url> < calls.json\n');
    process.exit(2);
  }
  let input = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) input += chunk;
  let calls;
  try {
    calls = JSON.parse(input);
    if (!Array.isArray(calls)) throw new Error('stdin must be a JSON array of calls');
  } catch (e) {
    process.stderr.write(`servicestack-client.mjs: ${e.message}\n`);
    process.exit(2);
  }
  for (const call of calls) {
    let line;
    try {
      line = await run(baseUrl, call ?? {});
    } catch (e) {
      line = { ok: false, exception: messageOf(e) };
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  // Idle keep-alive sockets must not hold the process open.
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(0);
}

main();
