import { type ReactElement, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { ActionForm, type ActionFormProps, ActionRefusal, ActionSubmitButton } from './ActionForm';

export interface ActionDialogProps<V extends FieldValues, R, P, Q> extends ActionFormProps<V, R, P, Q> {
  /** An i18n key, or the title itself. */
  title: ReactNode;
  /** The i18n key of the confirming button. */
  submitLabel: string;
  submitIcon?: ReactElement;
  onClose: () => void;
  maxWidth?: 'xs' | 'sm' | 'md';
}

const FIRST_FIELD = ['input:not([type="hidden"])', 'textarea', '[role="combobox"]']
  .map((field) => `.MuiDialogContent-root ${field}:not([disabled]):not([aria-hidden="true"]):not([aria-disabled="true"])`)
  .join(', ');

/** Puts the focus in the dialog's first field, so the agent types at once (MUI alone focuses the dialog itself). */
export function focusFirstField(root: ParentNode | null | undefined) {
  root?.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
}

/** Whether the agent is already on a field or button of the dialog (not on the dialog itself). */
function onAControl(root: ParentNode): boolean {
  const active = document.activeElement;
  return !!active && root.contains(active) && !!active.closest('.MuiDialogContent-root, .MuiDialogActions-root');
}

/**
 * Focuses the first field as the dialog mounts — before MUI's focus trap would focus the dialog itself,
 * so that typing at once lands in it even while the dialog still fades in.
 */
function FirstFieldFocus() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => focusFirstField(marker.current?.closest('[role="dialog"]')), []);
  return <span ref={marker} hidden />;
}

/**
 * Every action dialog: a title, the action's form (see ActionForm: preview, submit once, idempotency key,
 * server errors on the inputs), Cancel and the confirming button. Its first field has the focus once it is
 * open (typing at once lands in it), and a field the agent chose while it opened keeps the focus. It
 * cannot be closed while the request is in flight, so that a closed dialog never leaves a submission
 * whose outcome nobody saw.
 */
export function ActionDialog<V extends FieldValues, R, P = never, Q = unknown>(props: ActionDialogProps<V, R, P, Q>) {
  const { title, submitLabel, submitIcon, onClose, maxWidth = 'sm', children, ...form } = props;
  const translate = useTranslate();
  const titleId = useId();
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open
      onClose={pending ? undefined : onClose}
      fullWidth
      maxWidth={maxWidth}
      aria-labelledby={titleId}
      // Once open, a first field that appeared later (after its data) gets the focus — unless the agent is
      // already on a field or button: a quick click and typing are never moved elsewhere.
      slotProps={{ transition: { onEntered: (node: HTMLElement) => !onAControl(node) && focusFirstField(node) } }}
    >
      <DialogTitle id={titleId}>{typeof title === 'string' ? translate(title, { _: title }) : title}</DialogTitle>
      <ActionForm<V, R, P, Q> {...form} onPendingChange={setPending}>
        <DialogContent>
          <FirstFieldFocus />
          <ActionRefusal />
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <ActionSubmitButton label={submitLabel} icon={submitIcon} />
        </DialogActions>
      </ActionForm>
    </Dialog>
  );
}
