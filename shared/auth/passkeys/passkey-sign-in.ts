// The sign-in step's passkey services, as one module the MFA function imports on first use.
export { passPasskeyStep } from './pass-passkey-step';
export { PasskeyAnswerSchema } from './passkey-schemas';
export { startPasskeyAuthentication } from './start-passkey-authentication';
