/** The API lives on the SPA's own origin; absolute URLs work in browsers and in Node's fetch alike. */
export const apiUrl = (path: string) => `${window.location.origin}/api${path}`;
