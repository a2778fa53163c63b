/** AES-256-GCM ciphertext with the id of the key that sealed it, so keys can rotate. */
export type EncryptedValue = { keyId: string; iv: string; tag: string; data: string };
