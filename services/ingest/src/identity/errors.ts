/** Refusals of the identity stores, each with its HTTP status and a message in plain words. */
import createError from '@fastify/error';

export const AccountInputError = createError<[string]>('TWIN_ACCOUNT_INPUT', '%s', 400);
export const AccountConflictError = createError<[string]>('TWIN_ACCOUNT_CONFLICT', '%s', 409);
export const AccountNotFoundError = createError<[string]>('TWIN_ACCOUNT_NOT_FOUND', '%s', 404);
