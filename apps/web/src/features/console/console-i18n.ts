import { type Values, createTranslator } from '@gs/messages';
import { type ConsoleKey, consoleMessages } from '@gs/messages/console';

export type { ConsoleKey };
import type { ErrorCode } from '@gs/schema';
import { useLang } from '../../lib/i18n.ts';

/**
 * The console's texts live in `packages/messages/src/console/{fi,sv,en}.json` (ICU messages,
 * precompiled at build time); this is the typed way in.
 */
export type ConsoleT = (key: ConsoleKey, values?: Values) => string;

/** The console texts in the current language (`t('key', values)`), and the language. */
export function useConsoleT() {
  const { lang } = useLang();
  return { t: createTranslator(consoleMessages, lang).t, lang };
}

/** Whether a key built at run time (`status.${s}`) is one of the console's. */
export function isConsoleKey(key: string): key is ConsoleKey {
  return Object.hasOwn(consoleMessages.files.fi ?? {}, key);
}

/** The message for each API error code; forbidden and internal_error share the console's general texts. */
export const ERROR_MESSAGE: Readonly<Record<ErrorCode, ConsoleKey>> = {
  bad_request: 'errors.code.bad_request',
  validation_failed: 'errors.code.validation_failed',
  unauthorized: 'errors.code.unauthorized',
  forbidden: 'errors.forbidden',
  not_found: 'errors.code.not_found',
  conflict: 'errors.code.conflict',
  rate_limited: 'errors.code.rate_limited',
  csrf_failed: 'errors.code.csrf_failed',
  illegal_transition: 'errors.code.illegal_transition',
  round_not_open: 'errors.code.round_not_open',
  frozen: 'errors.code.frozen',
  payload_too_large: 'errors.code.payload_too_large',
  unsupported_media_type: 'errors.code.unsupported_media_type',
  internal_error: 'errors.server',
};

/** The console forms' fields an API error may name (its first path segment), by the label the form shows. */
export const FIELD_LABEL: Readonly<Record<string, ConsoleKey>> = {
  email: 'signIn.email',
  password: 'signIn.password',
  currentPassword: 'account.current',
  newPassword: 'account.new',
  name: 'users.name',
  role: 'users.role',
  municipalityCode: 'municipality',
  municipalityCodes: 'roundForm.municipalities',
  unitId: 'unit',
  count: 'codes.count',
  year: 'roundForm.year',
  family: 'roundForm.family',
  instrumentVersionId: 'roundForm.version',
  cycleOverrideReason: 'roundForm.overrideReason',
  slug: 'roundForm.slug',
  opensOn: 'roundForm.opensOn',
  closesOn: 'roundForm.closesOn',
  code: 'units.code',
  kind: 'units.kind',
  provider: 'units.provider',
  activeFrom: 'units.activeFrom',
  activeTo: 'units.activeTo',
  population: 'municipalities.population',
  estimatedMinutes: 'instruments.minutes',
  title: 'instruments.surveyTitle',
  intro: 'instruments.intro',
};
