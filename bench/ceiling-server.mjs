// The machine's ceiling for the benchmark: a bare node:http server answering every request with the
// bytes of one file (the case page's HTML, captured once), with the same content type.
// Usage: node bench/ceiling-server.mjs FILE PORT (listens on 127.0.0.1 only).
import fs from "node:fs";
import http from "node:http";

const [file, port] = process.argv.slice(2);
const body = fs.readFileSync(file);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
  res.end(body);
});
server.listen(Number(port), "127.0.0.1");
const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
