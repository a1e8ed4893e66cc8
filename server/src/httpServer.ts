import http from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server for an Express app, whose requests and responses are made with Express's prototypes from
 * the start. Express gives each request and response its prototype as it arrives
 * (`Object.setPrototypeOf(req, app.request)`, the same for `res`): V8 then moves both objects to new hidden
 * classes, and the property accesses of Node's HTTP code, Express's router and the app's handlers miss their
 * inline caches and look the property up the slow way — about a third of a request's time on the main
 * thread, a bare Express route's too (perf: `LookupIterator`, `LoadIC_Miss`, `MigrateToMap`; BENCHMARKS.md,
 * issue 14). Here Node makes each request and response with subclasses of its own (`http.createServer`'s
 * `IncomingMessage` and `ServerResponse` options) whose prototypes are what the app uses as `app.request` and
 * `app.response`, so Express's `setPrototypeOf` changes nothing. Subclasses, so that the objects keep Node's
 * layout: a plain constructor function calling `ServerResponse.call(this)` left each response in V8's slow
 * dictionary mode, and `Reflect.construct` with another `new.target` gave each object a hidden class of its own.
 */
export function createHttpServer(app: Express): http.Server {
  const { AppRequest, AppResponse } = classesOf(app);
  return http.createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}

interface AppClasses {
  AppRequest: typeof http.IncomingMessage;
  AppResponse: typeof http.ServerResponse;
}

/** One pair per app: every server of an app (tests make one per client) shares its prototypes. */
const classes = new WeakMap<Express, AppClasses>();

function classesOf(app: Express): AppClasses {
  const kept = classes.get(app);
  if (kept) return kept;
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse<http.IncomingMessage> {}
  adoptAsPrototype(app, 'request', AppRequest.prototype);
  adoptAsPrototype(app, 'response', AppResponse.prototype);
  const pair = { AppRequest, AppResponse: AppResponse as typeof http.ServerResponse };
  classes.set(app, pair);
  return pair;
}

/**
 * Makes `proto` (a subclass's prototype) what Express uses as `app[which]`: it inherits Express's request or
 * response methods, holds `app` as Express's own does, and takes its place.
 */
function adoptAsPrototype(app: Express, which: 'request' | 'response', proto: object): void {
  Object.setPrototypeOf(proto, Object.getPrototypeOf(app[which]) as object);
  Object.defineProperty(proto, 'app', { configurable: true, enumerable: true, writable: true, value: app });
  (app as unknown as Record<typeof which, object>)[which] = proto;
}
