import { ValidationError } from '../../errors';

/**
 * Runs one of the library's checks (origin, relying party id, challenge, signature, counter). Its
 * refusals are about what the browser sent, so they answer as a 400 on that field, saying why.
 */
export const verifyPasskeyAnswer = async <T>(field: string, verify: () => Promise<T>): Promise<T> => {
  try {
    return await verify();
  } catch (error) {
    throw ValidationError.forField(field, `This passkey was not accepted: ${(error as Error).message}`);
  }
};
