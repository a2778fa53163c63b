export type Role = 'admin' | 'staff' | 'customer';
export const ROLES = ['admin', 'staff', 'customer'] as const satisfies readonly Role[];
export const STAFF_ROLES = ['admin', 'staff'] as const satisfies readonly Role[];
