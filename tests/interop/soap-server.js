// A SOAP server built on node-soap, an implementation independent of svcgen, serving a
// Twinfield session WSDL (the path given as the first argument) on 127.0.0.1 with an
// `AccessTokenLogon` that answers like Twinfield: the session in the `Header` SOAP header,
// the result and the cluster in the body. The access token `bad` gets a fault. Prints
// `listening <port>` once it accepts connections; SOAP 1.2 is served under `/soap12/…`.
'use strict';

const fs = require('fs');
const http = require('http');
const soap = require('soap');

const wsdl = fs.readFileSync(process.argv[2], 'utf8');

// node-soap dispatches both versions to the first port; the request's media type says
// which version's fault to raise.
function accessTokenLogon(args, callback, headers, request) {
  const soap12 = /application\/soap\+xml/.test(request.headers['content-type'] || '');
  if (args.accessToken !== 'bad') {
    return { AccessTokenLogonResult: 'Ok', cluster: 'https://accounting.twinfield.com' };
  }
  if (soap12) {
    throw {
      Fault: {
        Code: { Value: 'soap:Sender', Subcode: { Value: 'InvalidToken' } },
        Reason: { Text: 'Invalid access token' },
        statusCode: 500,
      },
    };
  }
  throw {
    Fault: {
      faultcode: 'soap:Client',
      faultstring: 'Invalid access token',
      detail: { message: 'Invalid access token', code: '103', source: 'AccessTokenLogon' },
      statusCode: 500,
    },
  };
}

const services = {
  Session: {
    SessionSoap: { AccessTokenLogon: accessTokenLogon },
    SessionSoap12: { AccessTokenLogon: accessTokenLogon },
  },
};

const server = http.createServer((request, response) => {
  response.statusCode = 404;
  response.end();
});

// node-soap answers in the version it is configured for, so SOAP 1.2 has a path of its own.
function serve(path, forceSoap12Headers, ready) {
  const soapServer = soap.listen(server, { path, services, xml: wsdl, forceSoap12Headers, callback: ready });
  soapServer.addSoapHeader((methodName, args) =>
    `<Header xmlns="http://www.twinfield.com/"><SessionID>node-session-for-${args.accessToken}</SessionID></Header>`);
  soapServer.log = () => {};
}

server.listen(0, '127.0.0.1', () => {
  let pending = 2;
  const ready = () => {
    pending -= 1;
    if (pending === 0) {
      process.stdout.write(`listening ${server.address().port}\n`);
    }
  };
  serve('/webservices/session.asmx', false, ready);
  serve('/soap12/webservices/session.asmx', true, ready);
});

// The test closes stdin when it is done; the server goes with it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
