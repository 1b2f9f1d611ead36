// A SOAP client built on node-soap, an implementation independent of svcgen, driven from
// stdin: the mock tests use it to call a generated SOAP mock as a stranger's client would.
//
// Usage: node soap-client.js <wsdl-path> <endpoint> <1.1|1.2> < calls.json
//
// stdin is a JSON array of calls, made one after another on one client
// (`soap.createClientAsync` on the WSDL, every call sent to <endpoint>; with 1.2 the
// client speaks SOAP 1.2: `forceSoap12Headers`). A call:
//   {"operation": "AccessTokenLogon", "args": {...}}   the operation's input, as node-soap
//                                                      takes it
//
// stdout: one JSON line per call, in order, then exit 0:
//   {"ok": true, "result": R, "header": H}   R: the body node-soap read, H: the SOAP
//                                            header it read (null when none)
//   {"ok": false, "fault": F, "status": S}   F: the fault node-soap read from the body
//                                            (`err.root.Envelope.Body.Fault`), S the HTTP
//                                            status
//   {"ok": false, "exception": M}            anything else thrown, M its message
// A malformed stdin or missing arguments: a message on stderr and exit 2.
'use strict';

const soap = require('soap');

async function main() {
  const [wsdl, endpoint, version] = process.argv.slice(2);
  if (!wsdl || !endpoint || !['1.1', '1.2'].includes(version)) {
    process.stderr.write('usage: node soap-client.js <wsdl-path> <endpoint> <1.1|1.2> < calls.json\n');
    process.exit(2);
  }
  let calls;
  try {
    calls = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    if (!Array.isArray(calls)) throw new Error('stdin must be a JSON array');
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const client = await soap.createClientAsync(wsdl, {
    endpoint,
    forceSoap12Headers: version === '1.2',
  });
  for (const call of calls) {
    let line;
    try {
      const [result, , header] = await client[`${call.operation}Async`](call.args ?? {});
      line = { ok: true, result: result ?? null, header: header ?? null };
    } catch (e) {
      const fault = e?.root?.Envelope?.Body?.Fault;
      line = fault
        ? { ok: false, fault, status: e?.response?.status ?? null }
        : { ok: false, exception: String(e?.message ?? e) };
    }
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
