import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server for an Express app, whose requests and responses are made with Express's prototypes from
 * the start. Express gives each request and response its own prototype as it arrives
 * (`Object.setPrototypeOf(req, app.request)`, the same for `res`): V8 then moves both objects to new hidden
 * classes, and the property accesses of Node's HTTP code, Express's router and the app's handlers miss their
 * inline caches and look the property up the slow way. That was about a third of a request's time on the
 * main thread, also for a bare Express route (perf: `LookupIterator`, `LoadIC_Miss`, `MigrateToMap`,
 * BENCHMARKS.md, issue 14). Node makes each request with the classes given here (`http.createServer`'s
 * `IncomingMessage` and `ServerResponse` options): with `app.request` and `app.response` already their
 * prototypes, Express's `setPrototypeOf` changes nothing. A request is otherwise exactly what Node and
 * Express make.
 */
export function createHttpServer(app: Express): http.Server {
  // Should a later Node make them classes (which cannot be called), Express sets the prototypes as before.
  const isClass = (f: unknown) => /^class\b/.test(Function.prototype.toString.call(f));
  if (isClass(http.IncomingMessage) || isClass(http.ServerResponse)) return http.createServer(app);
  // Constructor functions rather than classes: `prototype` must be Express's objects themselves, not objects
  // that inherit from them. Node's IncomingMessage and ServerResponse are constructor functions too.
  function AppRequest(this: http.IncomingMessage, socket: Socket) {
    http.IncomingMessage.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: unknown) {
    (http.ServerResponse as unknown as (this: http.ServerResponse, ...args: unknown[]) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
