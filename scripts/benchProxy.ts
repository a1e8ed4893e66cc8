import http from 'node:http';

/**
 * The bench's round-robin in front of API instances (`npm run bench` with DATABASE_URL): each request to
 * the next of `UPSTREAMS` (ports on 127.0.0.1), over kept-alive connections, streamed both ways. Deliberately
 * tiny: it stands for a load balancer, and it costs a hop, so the bench puts one instance behind it too.
 */
const upstreams = String(process.env.UPSTREAMS ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
let next = 0;
http
  .createServer((req, res) => {
    const port = upstreams[next++ % upstreams.length];
    const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  })
  .listen(Number(process.env.PORT ?? 3998), '127.0.0.1', () => console.log(`round-robin on ${process.env.PORT} → ${upstreams.join(', ')}`));
