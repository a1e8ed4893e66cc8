import { GDPR_CHANNELS, GDPR_TYPES } from './gdprApi';

/** Choices for the GDPR inputs; names are i18n keys that react-admin translates. */
export const TYPE_CHOICES = GDPR_TYPES.map((id) => ({ id, name: `gdpr_type.${id}` }));
export const STATUS_CHOICES = (['open', 'completed', 'rejected'] as const).map((id) => ({ id, name: `gdpr_status.${id}` }));
export const CHANNEL_CHOICES = GDPR_CHANNELS.map((id) => ({ id, name: `gdpr.channel.${id}` }));
export const IDENTITY_METHOD_CHOICES = (['phone_questions', 'bankid', 'id_document', 'signed_letter'] as const).map((id) => ({
  id,
  name: `gdpr.identity_method.${id}`,
}));
export const IDENTITY_RESULT_CHOICES = [
  { id: 'yes', name: 'gdpr.identity_result.yes' },
  { id: 'no', name: 'gdpr.identity_result.no' },
];
