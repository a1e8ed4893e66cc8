import { createContext, type ReactElement, type ReactNode, type RefObject, useContext, useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, CircularProgress } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Form, useTranslate } from 'react-admin';
import { type FieldValues, useFormContext, useWatch } from 'react-hook-form';
import { type ActionRequest, type FieldErrors, placeFieldErrors, useAction } from './useAction';
import { serverFieldErrors, serverMessage } from './serverErrors';

/** A preview the server makes of the action before it is confirmed (a dry run, the cancellation terms). */
export interface ActionPreview<V, P, Q> {
  /** Names the preview among the cached queries. */
  name: string;
  /** What to ask the server, from the form's values; undefined while they cannot be previewed yet. */
  params: (values: V) => Q | undefined;
  fetch: (params: Q) => Promise<P>;
  /** The submit button waits for the preview: the confirmation confirms what it shows. */
  required?: boolean;
}

export interface ActionFormState<V, P> {
  values: V;
  preview: P | undefined;
  previewError: unknown;
  isPreviewing: boolean;
}

export interface ActionFormProps<V extends FieldValues, R, P = never, Q = unknown> {
  submit: (values: V, request: ActionRequest) => Promise<R>;
  onSuccess?: (result: R, values: V) => void;
  /** The form stays after a success, emptied for the next one (the note box). */
  repeatable?: boolean;
  /** The input that has the focus again after a repeatable success. */
  refocus?: string;
  onPendingChange?: (pending: boolean) => void;
  /** The form's initial values (never the record of the page around it). */
  defaultValues?: Partial<V>;
  /** The resource whose field labels the inputs take. */
  resource?: string;
  /** The form path of a server error key when the form is shaped differently from the request; undefined: no input shows it. */
  errorPath?: (key: string, values: V) => string | undefined;
  preview?: ActionPreview<V, P, Q>;
  children: ReactNode;
}

interface ActionFormContextValue {
  state: ActionFormState<FieldValues, unknown>;
  isPending: boolean;
  canSubmit: boolean;
  refusal: string[] | undefined;
}

const ActionFormContext = createContext<ActionFormContextValue | null>(null);

function useActionFormContext(): ActionFormContextValue {
  const context = useContext(ActionFormContext);
  if (!context) throw new Error('Only inside an <ActionForm>');
  return context;
}

/** The form's values and the server's preview of them, for the inputs and explanations of one action. */
export function useActionFormState<V, P>(): ActionFormState<V, P> {
  return useActionFormContext().state as ActionFormState<V, P>;
}

/** What the form's submit handler needs from inside react-admin's form (it is set after each render). */
interface FormBridge {
  canSubmit: boolean;
  hasInput: (path: string) => boolean;
  setError: (path: string, message: string) => void;
  focus: (path: string) => void;
  reset: () => void;
}

/**
 * The one action pattern: a react-admin form whose submission goes through `useAction` (submit once, an
 * idempotency key), with an optional server preview of the values, and the server's refusal put where it
 * belongs: each field error on its input, and what no input shows (or the message, when there are no field
 * errors) above the form. Ctrl+Enter submits from anywhere in the form.
 */
export function ActionForm<V extends FieldValues, R, P = never, Q = unknown>(props: ActionFormProps<V, R, P, Q>) {
  const { submit, onSuccess, repeatable, refocus, onPendingChange, defaultValues, resource, errorPath, preview, children } = props;
  const translate = useTranslate();
  const action = useAction<V, R>({ submit, onSuccess, repeatable, onPendingChange });
  const [refusal, setRefusal] = useState<string[]>();
  const bridgeRef = useRef<FormBridge | null>(null);

  const onSubmit = async (raw: FieldValues) => {
    const values = raw as V;
    const form = bridgeRef.current;
    if (!form?.canSubmit) return;
    const outcome = await action.run(values);
    if (outcome.status === 'skipped') return;
    if (outcome.status === 'done') {
      setRefusal(undefined);
      if (repeatable) form.reset();
      if (repeatable && refocus) form.focus(refocus);
      return;
    }
    const { placed, unplaced } = placeFieldErrors(outcome.fieldErrors ?? {}, form.hasInput, (key) =>
      errorPath ? errorPath(key, values) : key,
    );
    for (const [path, message] of placed) form.setError(path, message);
    if (placed.length) form.focus(placed[0][0]);
    const shown = unplaced.length ? unplaced : placed.length ? undefined : [outcome.message ?? translate('ra.notification.http_error')];
    setRefusal(shown);
  };

  return (
    <Form record={defaultValues ?? {}} resource={resource} onSubmit={onSubmit} noValidate>
      <ActionFormBody<V, P, Q> bridgeRef={bridgeRef} preview={preview} isPending={action.isPending} refusal={refusal}>
        {children}
      </ActionFormBody>
    </Form>
  );
}

function ActionFormBody<V extends FieldValues, P, Q>({
  bridgeRef,
  preview,
  isPending,
  refusal,
  children,
}: {
  bridgeRef: RefObject<FormBridge | null>;
  preview: ActionPreview<V, P, Q> | undefined;
  isPending: boolean;
  refusal: string[] | undefined;
  children: ReactNode;
}) {
  const form = useFormContext();
  const values = useWatch({ control: form.control }) as V;
  const params = preview?.params(values);
  const query = useQuery({
    queryKey: ['action-preview', preview?.name, params],
    queryFn: () => preview!.fetch(params as Q),
    enabled: preview !== undefined && params !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 0,
    gcTime: 0,
  });
  usePreviewFieldErrors(query.error, query.data);
  // A required preview must be the answer for the values as they are now, not the previous values' answer still shown.
  const previewCurrent = params !== undefined && query.data !== undefined && !query.isPlaceholderData && !query.isError;
  const canSubmit = !isPending && !(preview?.required && !previewCurrent);

  useEffect(() => {
    bridgeRef.current = {
      canSubmit,
      // react-hook-form's registry of mounted inputs: a server error on a path without one would show nowhere.
      hasInput: (path) => form.control._names.mount.has(path),
      setError: (path, message) => form.setError(path, { type: 'server', message }),
      focus: (path) => form.setFocus(path),
      reset: () => form.reset(),
    };
  });

  const onKeyDown = (e: React.KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.closest('form')?.requestSubmit();
    }
  };

  const state: ActionFormState<FieldValues, unknown> = {
    values,
    preview: query.data,
    previewError: query.error,
    isPreviewing: query.isFetching,
  };
  return (
    <ActionFormContext.Provider value={{ state, isPending, canSubmit, refusal }}>
      <Box onKeyDown={onKeyDown} sx={{ display: 'contents' }}>
        {children}
      </Box>
    </ActionFormContext.Provider>
  );
}

/** A preview refused with field errors (a date the terms cannot be given for) marks those inputs until a preview succeeds. */
function usePreviewFieldErrors(error: unknown, data: unknown) {
  // react-hook-form's methods are stable; the context object around them is not.
  const { control, getFieldState, clearErrors, setError } = useFormContext();
  const marked = useRef<string[]>([]);
  useEffect(() => {
    for (const path of marked.current) {
      if (getFieldState(path).error?.type === 'preview') clearErrors(path);
    }
    marked.current = [];
    const errors: FieldErrors = serverFieldErrors(error) ?? {};
    for (const [path, message] of Object.entries(errors)) {
      if (control._names.mount.has(path)) {
        setError(path, { type: 'preview', message });
        marked.current.push(path);
      }
    }
  }, [error, data, control, getFieldState, clearErrors, setError]);
}

/** The refusal of the last submission (or of the preview) that no input shows. */
export function ActionRefusal() {
  const { refusal, state } = useActionFormContext();
  const form = useFormContext();
  const previewError = state.previewError;
  const previewMessages = previewError ? previewRefusal(previewError, (path) => form.control._names.mount.has(path)) : [];
  const messages = refusal ?? previewMessages;
  if (!messages.length) return null;
  return (
    <Box sx={{ mb: 2 }} data-testid="action-refusal">
      {messages.map((message) => (
        <Alert key={message} severity="error" sx={{ mb: 1 }}>
          {message}
        </Alert>
      ))}
    </Box>
  );
}

/** A refused preview's words that no input shows: its field errors without an input, or its message. */
function previewRefusal(error: unknown, hasInput: (path: string) => boolean): string[] {
  const fieldErrors = serverFieldErrors(error);
  if (fieldErrors) return placeFieldErrors(fieldErrors, hasInput).unplaced;
  const message = serverMessage(error);
  return message ? [message] : [];
}

/** Submits the form; disabled while a submission is in flight or a required preview is missing. */
export function ActionSubmitButton({ label, icon, testId }: { label: string; icon?: ReactElement; testId?: string }) {
  const translate = useTranslate();
  const { isPending, canSubmit } = useActionFormContext();
  return (
    <Button
      type="submit"
      variant="contained"
      disabled={!canSubmit}
      startIcon={isPending ? <CircularProgress size={16} color="inherit" /> : icon}
      data-testid={testId}
    >
      {translate(label, { _: label })}
    </Button>
  );
}
