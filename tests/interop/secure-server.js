// A SOAP server built on node-soap, an implementation independent of svcgen, that checks a
// WS-Security UsernameToken with node-soap's own `server.authenticate` and digest
// (`soap.passwordDigest`): user `alice`, password `secret`, as PasswordText or
// PasswordDigest. It serves the WSDL given as the first argument (the `EchoService` of
// svcgen's `enterprise.wsdl`) on 127.0.0.1 under `/EchoService.svc`; `Echo` answers
// `echo: <text> (<password type>)`. Prints `listening <port>` once it accepts connections.
'use strict';

const fs = require('fs');
const http = require('http');
const soap = require('soap');

const wsdl = fs.readFileSync(process.argv[2], 'utf8');
let lastType = 'none';

// node-soap hands the `wsse:Security` element over as an object: an element with
// attributes is `{ attributes, $value }`.
const value = (element) => (element && typeof element === 'object' ? element.$value : element);

function authenticate(security) {
  const token = security && security.UsernameToken;
  if (!token || token.Username !== 'alice') {
    return false;
  }
  const type = (token.Password && token.Password.attributes && token.Password.attributes.Type) || '';
  const password = value(token.Password);
  if (type.endsWith('#PasswordDigest')) {
    lastType = 'digest';
    return password === soap.passwordDigest(value(token.Nonce), value(token.Created), 'secret');
  }
  lastType = 'text';
  return type.endsWith('#PasswordText') && password === 'secret';
}

function echo(args) {
  return { EchoResult: `echo: ${args.text} (${lastType})` };
}

const services = {
  EchoService: {
    BasicHttpBinding_IEchoService: { Echo: echo },
    WSHttpBinding_IEchoService: { Echo: echo },
  },
};

const server = http.createServer((request, response) => {
  response.statusCode = 404;
  response.end();
});

server.listen(0, '127.0.0.1', () => {
  const soapServer = soap.listen(server, {
    path: '/EchoService.svc',
    services,
    xml: wsdl,
    callback: () => process.stdout.write(`listening ${server.address().port}\n`),
  });
  soapServer.authenticate = authenticate;
  soapServer.log = () => {};
});

// The test closes stdin when it is done; the server goes with it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
