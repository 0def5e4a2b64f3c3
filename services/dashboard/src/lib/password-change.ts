/**
 * The words of the "Change password" dialog: what is wrong with the form before it is sent (the domain's
 * rule, so the screen and the server refuse alike) and what a refusal of the server means for the person.
 */
import { newOwnPasswordProblem } from '@twin/domain';
import { ApiError } from '../api/http.js';
import { plainApiError } from './api-errors.js';

export interface PasswordChangeForm {
  current: string;
  next: string;
  again: string;
}

/** The request's field names as the dialog labels them. */
const LABELS: Record<string, string> = { currentPassword: 'Current password', newPassword: 'New password' };

/** `newPassword: at least 12 characters` → `New password: at least 12 characters.` */
function labelled(message: string): string {
  const [field, ...rest] = message.split(': ');
  const label = field === undefined ? undefined : LABELS[field];
  const text = label === undefined ? message : `${label}: ${rest.join(': ')}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What to fix before sending, or null when the form may be sent. */
export function passwordChangeFormProblem(form: PasswordChangeForm): string | null {
  if (form.current === '') return 'Current password: enter it.';
  const problem = newOwnPasswordProblem(form.current, form.next);
  if (problem !== null) return labelled(problem);
  if (form.again !== form.next) return 'Repeat the new password: the two entries differ.';
  return null;
}

/** Why the server refused, in words for the person who typed the passwords. */
export function passwordChangeErrorText(error: unknown): string {
  if (!(error instanceof ApiError) || error.unreachable) return plainApiError(error);
  if (error.status === 400 && error.message.startsWith('currentPassword:'))
    return 'The current password is not right. Check it and try again.';
  // 400 (the new password), 403 (a kiosk or token), 409 (changed meanwhile), 429 (wait): the server's words.
  if ([400, 403, 409, 429].includes(error.status)) return capitalised(labelled(error.message));
  return plainApiError(error);
}

/** The confirmation, saying what happened to the person's other sessions. */
export function passwordChangedText(otherSessionsEnded: number): string {
  if (otherSessionsEnded === 0) return 'Your password is changed.';
  const sessions = otherSessionsEnded === 1 ? '1 other session' : `${otherSessionsEnded} other sessions`;
  return `Your password is changed. ${capitalised(sessions)} of yours (other browsers or devices) were signed out; this one stays signed in.`;
}
