import createError from '@fastify/error';

export const NotFoundError = createError<[string, string]>('TWIN_NOT_FOUND', '%s %s not found', 404);
export const BadRequestError = createError<[string]>('TWIN_BAD_REQUEST', '%s', 400);
