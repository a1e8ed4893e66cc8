/** Placeholder: filled in by its issue. Rendered by the customer page. */
export function CancelSubscriptionButton() {
  return null;
}
