import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from './idempotencyKey';
import { serverFieldErrors, serverMessage } from './serverErrors';

/** The server's field errors, keyed by field path (`phone`, `changes.0.new_value`). */
export type FieldErrors = Record<string, string>;

/** What a submission hands to the request it sends. */
export interface ActionRequest {
  /** The `Idempotency-Key` of this submission: the same for every retry of the same values. */
  idempotencyKey: string;
  /** A key of its own for one part of a submission that sends several requests (a bulk step per record). */
  keyFor: (part: string | number) => string;
}

export type ActionOutcome<R> =
  | { status: 'done'; result: R }
  | { status: 'refused'; error: unknown; fieldErrors: FieldErrors | undefined; message: string | undefined }
  /** Not sent: a submission is already in flight (a double click, Ctrl+Enter twice), or this one is done. */
  | { status: 'skipped' };

export interface UseActionOptions<V, R> {
  /** Sends the action. Pass `request.idempotencyKey` on to the data provider. Mutations are pessimistic: resolve once saved. */
  submit: (values: V, request: ActionRequest) => Promise<R>;
  onSuccess?: (result: R, values: V) => void;
  /**
   * The form stays after a success (the note box, a bulk button): the next submission is a new one, with
   * a new key. Otherwise (a dialog, which closes) nothing more is sent once it has succeeded.
   */
  repeatable?: boolean;
  /** Told when a submission starts and ends (a dialog refuses to close meanwhile). */
  onPendingChange?: (pending: boolean) => void;
}

export interface Action<V, R> {
  run: (values: V) => Promise<ActionOutcome<R>>;
  /** A submission is in flight: the submit button is disabled. */
  isPending: boolean;
}

/**
 * The one way an action is sent. Submit once: a submission that starts while another is in flight is
 * dropped, judged by a ref at the moment it starts (state alone would let a double click through before the
 * re-render). Idempotency: a key made when the action mounts (the dialog opens) goes with the request and
 * with every retry of the same values, so the server answers a retry after a lost answer with the first
 * result; changed values are a new submission with a new key.
 */
export function useAction<V, R>({ submit, onSuccess, repeatable = false, onPendingChange }: UseActionOptions<V, R>): Action<V, R> {
  const [firstKey] = useState(newIdempotencyKey);
  const submission = useRef<{ key: string; values?: string; parts: Map<string, string> }>({ key: firstKey, parts: new Map() });
  const inFlight = useRef(false);
  const done = useRef(false);
  const [isPending, setPending] = useState(false);

  const run = useCallback(
    async (values: V): Promise<ActionOutcome<R>> => {
      if (inFlight.current || done.current) return { status: 'skipped' };
      inFlight.current = true;
      setPending(true);
      onPendingChange?.(true);
      const fingerprint = JSON.stringify(values);
      if (submission.current.values !== undefined && submission.current.values !== fingerprint) {
        submission.current = { key: newIdempotencyKey(), parts: new Map() };
      }
      submission.current.values = fingerprint;
      const { key, parts } = submission.current;
      const request: ActionRequest = {
        idempotencyKey: key,
        keyFor: (part) => {
          const name = String(part);
          if (!parts.has(name)) parts.set(name, newIdempotencyKey());
          return parts.get(name)!;
        },
      };
      try {
        const result = await submit(values, request);
        if (repeatable) submission.current = { key: newIdempotencyKey(), parts: new Map() };
        else done.current = true;
        onSuccess?.(result, values);
        return { status: 'done', result };
      } catch (error) {
        return { status: 'refused', error, fieldErrors: serverFieldErrors(error), message: serverMessage(error) };
      } finally {
        inFlight.current = false;
        setPending(false);
        onPendingChange?.(false);
      }
    },
    [submit, onSuccess, repeatable, onPendingChange],
  );

  return { run, isPending };
}

/**
 * Splits the server's field errors into those an input shows (`placed`, keyed by the input's path) and the
 * messages nothing on screen would show (`unplaced`). `pathOf` maps a server key to the form's path (by
 * default the same); `hasInput` says whether the form has an input at a path.
 */
export function placeFieldErrors(
  errors: FieldErrors,
  hasInput: (path: string) => boolean,
  pathOf: (key: string) => string | undefined = (key) => key,
): { placed: Array<[path: string, message: string]>; unplaced: string[] } {
  const placed: Array<[string, string]> = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const path = pathOf(key);
    if (path !== undefined && hasInput(path)) placed.push([path, message]);
    else unplaced.push(message);
  }
  return { placed, unplaced };
}
