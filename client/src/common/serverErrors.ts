/** The field errors a refused request carries (`{ errors: { field: message } }`), or undefined when it carries none. */
export function serverFieldErrors(error: unknown): Record<string, string> | undefined {
  const errors = (error as { body?: { errors?: Record<string, string> } } | null)?.body?.errors;
  return errors && typeof errors === 'object' && Object.keys(errors).length ? errors : undefined;
}

/** The server's message of a refused request, else the error's own (a network failure). */
export function serverMessage(error: unknown): string | undefined {
  const e = error as { body?: { message?: unknown }; message?: unknown } | null;
  if (typeof e?.body?.message === 'string') return e.body.message;
  return typeof e?.message === 'string' && e.message ? e.message : undefined;
}
