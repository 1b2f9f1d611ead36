# An HTTP/1.1 server on 127.0.0.1 that performs NTLM authentication per TCP connection, as
# IIS does (401 `WWW-Authenticate: NTLM`, then the challenge, then the answer), with
# pyspnego's acceptor: an NTLM implementation independent of svcgen. Users come from the
# file NTLM_USER_FILE names (DOMAIN:USER:PASSWORD lines). Every authenticated POST gets the
# body given as the first argument. Prints `listening <port>`; ends with its stdin.
import base64, http.server, socketserver, sys, threading
import spnego

ANSWER = sys.argv[1].encode() if len(sys.argv) > 1 else b"ok"

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.context = None
        self.authenticated = False

    def log_message(self, *args):
        pass

    def reply(self, status, headers=(), body=b""):
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.authenticated:
            return self.reply(200, [("Content-Type", "text/xml; charset=utf-8")], ANSWER)
        auth = self.headers.get("Authorization") or ""
        scheme, _, token = auth.partition(" ")
        if scheme not in ("NTLM", "Negotiate") or not token:
            self.context = None
            return self.reply(401, [("WWW-Authenticate", "NTLM"), ("WWW-Authenticate", "Negotiate")])
        if self.context is None:
            self.context = spnego.server(protocol="ntlm")
        try:
            out = self.context.step(base64.b64decode(token))
        except Exception as error:
            self.context = None
            return self.reply(401, [("WWW-Authenticate", "NTLM")], str(error).encode())
        if self.context.complete:
            self.authenticated = True
            return self.reply(200, [("Content-Type", "text/xml; charset=utf-8"), ("X-User", self.context.client_principal or "")], ANSWER)
        return self.reply(401, [("WWW-Authenticate", f"{scheme} {base64.b64encode(out).decode()}")])

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

server = Server(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(f"listening {server.server_address[1]}", flush=True)
sys.stdin.read()
