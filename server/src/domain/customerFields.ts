/** The customer's personal data: what an edit may change and what a GDPR rectification may correct. */
export const PERSONAL_DATA_FIELDS = ['personnummer', 'first_name', 'last_name', 'street', 'postal_code', 'city', 'phone', 'email'] as const;
export type PersonalDataField = (typeof PERSONAL_DATA_FIELDS)[number];

/**
 * The customer fields a rectification may correct: the personal data. The invoice interval and the
 * payment method are contract choices with their own billing rules, not data that can be inaccurate.
 */
export const RECTIFIABLE_FIELDS = PERSONAL_DATA_FIELDS;
export type RectifiableField = PersonalDataField;
